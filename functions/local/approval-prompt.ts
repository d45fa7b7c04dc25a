import type { Output } from '../adapters/local/terminal-notifier';
import type { ApprovalRequest } from '../ports/notifier';
import type { Decision } from './runtime';

/** The choices `--approve ask` offers; Enter takes the default, rejection (nothing is changed). */
export const APPROVAL_CHOICES = '[y]es / [n]o / [s]kip (let it expire), Enter = no';

/** What an answer at the prompt means: a decision, `skip` (let it expire), or not an answer. */
export function parseApprovalAnswer(answer: string): Exclude<Decision, undefined> | 'skip' | 'unknown' {
  const text = answer.trim().toLowerCase();
  if (text === '' || text === 'n' || text === 'no') return 'rejected';
  if (text === 'y' || text === 'yes') return 'approved';
  if (text === 's' || text === 'skip') return 'skip';
  return 'unknown';
}

/**
 * The run's output, held while a question waits at the prompt and written after its answer: the
 * remediations still running (the previous approval's outcome) never print into the prompt line.
 */
export class HeldOutput implements Output {
  private held: string[] | undefined;
  constructor(private readonly out: Output) {}

  write(text: string): unknown {
    if (this.held) this.held.push(text);
    else return this.out.write(text);
    return true;
  }

  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held;
    this.held = undefined;
    if (held?.length) this.out.write(held.join(''));
  }
}

/**
 * `--approve ask`: asks for one approval on `out` and reads the answer from `lines` (the terminal,
 * or piped answers one a line). An answer that is not one of the choices is asked again; the end
 * of the input rejects, as `--approve none`. `echo`: write the answer after the question (stdin is
 * not a terminal, so it does not echo). The caller asks one question at a time.
 */
export async function askApproval(
  request: ApprovalRequest,
  io: {
    lines: AsyncIterator<string>;
    out: Output;
    held: HeldOutput;
    echo: boolean;
    timeoutSeconds: number;
    /** Where `timeoutSeconds` came from, as the skip message names it (default `--approval-timeout`). */
    timeoutFrom?: string;
  },
): Promise<Decision> {
  const { out, held } = io;
  const covered = request.covers?.length ?? 0;
  const what = `${request.plan.summary} · ${request.finding.resource.name ?? request.finding.resource.id}${
    covered ? ` · fixes ${covered + 1} findings` : ''
  }`;
  held.hold();
  try {
    for (;;) {
      out.write(`   Approve ${request.approvalId} (${what})? ${APPROVAL_CHOICES}: `);
      const next = await io.lines.next();
      if (next.done) {
        out.write(`\n   → ${request.approvalId} rejected: no more answers on stdin (as --approve none)\n`);
        return 'rejected';
      }
      const answer = String(next.value);
      if (io.echo) out.write(`${answer.trim()}\n`);
      const meaning = parseApprovalAnswer(answer);
      if (meaning === 'approved' || meaning === 'rejected') return meaning;
      if (meaning === 'skip') {
        out.write(
          `   left undecided: deployed, it would expire after ${io.timeoutSeconds} s (${io.timeoutFrom ?? '--approval-timeout'}); here it expires now and the run goes on\n`,
        );
        return undefined;
      }
      out.write(`   "${answer.trim()}" is not one of the choices: answer y, n or s (Enter = no)\n`);
    }
  } finally {
    held.release();
  }
}
