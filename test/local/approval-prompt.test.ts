import { describe, expect, it } from 'vitest';
import { askApproval, HeldOutput, parseApprovalAnswer } from '../../functions/local/approval-prompt';
import type { ApprovalRequest } from '../../functions/ports/notifier';

const REQUEST = {
  approvalId: 'A1',
  finding: { resource: { id: 'bucket-1', name: 'exports' } },
  plan: { summary: 'Block all public access' },
  expiresAt: '2026-11-23T00:00:00.000Z',
} as unknown as ApprovalRequest;

function lines(...answers: string[]): AsyncIterator<string> {
  return (async function* () {
    yield* answers;
  })();
}

function terminal() {
  const written: string[] = [];
  return { written, out: { write: (text: string) => written.push(text) } };
}

describe('--approve ask', () => {
  it.each([
    ['y', 'approved'],
    ['Yes', 'approved'],
    ['n', 'rejected'],
    ['no', 'rejected'],
    ['', 'rejected'],
    ['s', 'skip'],
    ['skip', 'skip'],
    ['yep', 'unknown'],
    ['nope', 'unknown'],
    ['x', 'unknown'],
  ])('reads %j as %s', (answer, meaning) => {
    expect(parseApprovalAnswer(answer)).toBe(meaning);
  });

  it('shows the choices and the default, and asks again after an answer that is not one', async () => {
    // Prepare
    const { written, out } = terminal();
    const held = new HeldOutput(out);
    // Act
    const decision = await askApproval(REQUEST, {
      lines: lines('maybe', 'y'),
      out,
      held,
      echo: true,
      timeoutSeconds: 300,
    });
    // Assess
    expect(decision).toBe('approved');
    expect(written.join('')).toBe(
      '   Approve A1 (Block all public access · exports)? [y]es / [n]o / [s]kip (let it expire), Enter = no: maybe\n' +
        '   "maybe" is not one of the choices: answer y, n or s (Enter = no)\n' +
        '   Approve A1 (Block all public access · exports)? [y]es / [n]o / [s]kip (let it expire), Enter = no: y\n',
    );
  });

  it('takes Enter as no, and says a skip expires now (it would wait for the timeout when deployed)', async () => {
    const { written, out } = terminal();
    const held = new HeldOutput(out);
    const io = { out, held, echo: false, timeoutSeconds: 42 };
    expect(await askApproval(REQUEST, { ...io, lines: lines('') })).toBe('rejected');
    expect(await askApproval(REQUEST, { ...io, lines: lines('s') })).toBeUndefined();
    expect(written.join('')).toContain(
      'left undecided: deployed, it would expire after 42 s (--approval-timeout); here it expires now and the run goes on',
    );
  });

  it("names the configuration's timeout when that is where it came from", async () => {
    const { written, out } = terminal();
    const io = { out, held: new HeldOutput(out), echo: false, timeoutSeconds: 3600 };
    const timeoutFrom = "the configuration's approvalTimeoutSeconds; --approval-timeout sets it";
    expect(await askApproval(REQUEST, { ...io, timeoutFrom, lines: lines('s') })).toBeUndefined();
    expect(written.join('')).toContain(
      "left undecided: deployed, it would expire after 3600 s (the configuration's approvalTimeoutSeconds; --approval-timeout sets it); here it expires now and the run goes on",
    );
  });

  it('holds the other output while a question waits and writes it after the answer', async () => {
    // Prepare: the answer comes only after a remediation printed its outcome.
    const { written, out } = terminal();
    const held = new HeldOutput(out);
    let answer!: (line: IteratorResult<string>) => void;
    const pending: AsyncIterator<string> = {
      next: () => new Promise<IteratorResult<string>>((resolve) => (answer = resolve)),
    };
    // Act
    const decision = askApproval(REQUEST, { lines: pending, out, held, echo: true, timeoutSeconds: 1 });
    held.write('🧪 Approved, dry run only\n');
    answer({ done: false, value: 'n' });
    // Assess
    expect(await decision).toBe('rejected');
    expect(written.join('')).toMatch(/Enter = no: n\n🧪 Approved, dry run only\n$/);
    held.write('after\n');
    expect(written.at(-1)).toBe('after\n');
  });

  it('rejects when the input ends, as --approve none', async () => {
    const { written, out } = terminal();
    const decision = await askApproval(REQUEST, {
      lines: lines(),
      out,
      held: new HeldOutput(out),
      echo: true,
      timeoutSeconds: 1,
    });
    expect(decision).toBe('rejected');
    expect(written.join('')).toContain('→ A1 rejected: no more answers on stdin (as --approve none)');
  });
});
