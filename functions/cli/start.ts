/**
 * `npm start`: the local runtime. Replays EventBridge events (JSON lines; default the bundled
 * `examples/events.jsonl`) through the real triage state machine in-process, prints findings as
 * they would appear in Slack, asks for approvals at the prompt (or `--approve all|none`), prints
 * remediations as dry-run plans, keeps state in `.local-state/` and writes the weekly report to `out/`.
 * No AWS account, credentials or network are used.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Command, InvalidArgumentError } from 'commander';
import { FanOutNotifier } from '../adapters/aws/fan-out-notifier';
import { DeadLetterFile } from '../adapters/local/dead-letter-file';
import { DryRunExecutor } from '../adapters/local/dry-run-executor';
import { FileStore } from '../adapters/local/file-store';
import { FixtureAccountDirectory } from '../adapters/local/fixture-account-directory';
import { FixtureConfigItemSource } from '../adapters/local/fixture-config-items';
import { OutReportStore } from '../adapters/local/out-report-store';
import { TerminalNotifier } from '../adapters/local/terminal-notifier';
import { createSlackClient } from '../adapters/slack/client';
import { SlackInteractionResponder } from '../adapters/slack/interaction-slack';
import { SlackNotifier } from '../adapters/slack/slack-notifier';
import { type Approver, LocalRuntime } from '../local/runtime';
import type { AccountInfo } from '../ports/inventory-source';
import type { ApprovalRequest, WorkflowNotifier } from '../ports/notifier';
import { RuleBook } from '../rulebook/engine';

const ROOT = resolve(__dirname, '..', '..');

interface Options {
  events: string;
  approve: 'ask' | 'all' | 'none';
  state: string;
  out: string;
  configItems: string;
  accounts: string;
  reset: boolean;
  approvalTimeout: number;
  report: boolean;
}

function parseApprove(value: string): Options['approve'] {
  if (value === 'ask' || value === 'all' || value === 'none') return value;
  throw new InvalidArgumentError('use all, none or ask');
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of seconds, at least 1');
  return n;
}

export async function main(argv = process.argv): Promise<number> {
  const program = new Command('npm start --')
    .description('Replay EventBridge events through the real state machines, locally (no AWS).')
    .option('--events <file>', 'JSON lines of EventBridge events', join(ROOT, 'examples', 'events.jsonl'))
    .option(
      '--approve <mode>',
      'approvals: ask at the prompt, approve all, or reject all (none)',
      parseApprove,
      process.stdin.isTTY ? 'ask' : 'none',
    )
    .option('--state <dir>', 'where findings, approvals and the audit log are kept', '.local-state')
    .option('--out <dir>', 'where the weekly report is written', 'out')
    .option(
      '--config-items <file>',
      'full Config items for oversized notifications',
      join(ROOT, 'examples', 'config-items.json'),
    )
    .option(
      '--accounts <file>',
      'account names and OUs (Organizations stand-in)',
      join(ROOT, 'examples', 'accounts.json'),
    )
    .option('--reset', 'start from an empty state folder', false)
    .option('--approval-timeout <seconds>', 'how long an approval waits before it expires', parseSeconds, 300)
    .option('--no-report', 'skip the weekly report')
    .exitOverride();
  let opts: Options;
  try {
    opts = program.parse(argv).opts<Options>();
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : 2;
  }

  if (!existsSync(opts.events)) {
    process.stderr.write(`error: ${opts.events}: no such file\n`);
    return 2;
  }
  if (opts.reset) rmSync(opts.state, { recursive: true, force: true });
  const out = process.stdout;
  const store = FileStore.open(opts.state);
  const deadLetters = new DeadLetterFile(join(opts.state, 'dead-letter.jsonl'));
  const prompt =
    opts.approve === 'ask' ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
  const approver: Approver = async (request: ApprovalRequest) => {
    if (opts.approve === 'all') {
      out.write(`   → approved (--approve all)\n`);
      return 'approved';
    }
    if (opts.approve === 'none') {
      out.write(`   → rejected (--approve none)\n`);
      return 'rejected';
    }
    const answer = (
      await prompt!.question(`   Approve ${request.approvalId}? [y]es / [n]o / [s]kip (let it expire): `)
    )
      .trim()
      .toLowerCase();
    if (!process.stdin.isTTY) out.write(`${answer}\n`);
    if (answer.startsWith('y')) return 'approved';
    if (answer.startsWith('n')) return 'rejected';
    out.write(
      `   left undecided: it expires after ${opts.approvalTimeout} s (--approval-timeout), then the run goes on\n`,
    );
    return undefined;
  };
  const accounts = new FixtureAccountDirectory(readJson<AccountInfo[]>(opts.accounts, []));
  const terminal = new TerminalNotifier(out, { colors: Boolean(out.isTTY) && !process.env.NO_COLOR });
  // Optional: also post to a real Slack channel (decisions still come from this terminal).
  const slack =
    process.env.SLACK_BOT_TOKEN && process.env.SLACK_CHANNEL
      ? new SlackNotifier({
          client: createSlackClient(process.env.SLACK_BOT_TOKEN),
          channel: process.env.SLACK_CHANNEL,
          findings: store.findings,
          accounts,
        })
      : undefined;
  if (slack)
    out.write(`also posting to Slack channel ${process.env.SLACK_CHANNEL} (SLACK_BOT_TOKEN is set)\n`);
  const notifier: WorkflowNotifier = slack
    ? new FanOutNotifier({ terminal, slack }, { deliveries: store.deliveries })
    : terminal;
  const runtime = new LocalRuntime({
    store,
    notifier,
    ...(slack ? { interactionSlack: new SlackInteractionResponder(slack) } : {}),
    executor: new DryRunExecutor(out),
    configItems: new FixtureConfigItemSource(readJson<unknown[]>(opts.configItems, [])),
    accounts,
    reports: new OutReportStore(opts.out),
    book: new RuleBook(),
    deadLetters,
    approver,
    approvalTimeoutSeconds: opts.approvalTimeout,
    root: ROOT,
  });

  const lines = readFileSync(opts.events, 'utf8').split('\n');
  const totals = {
    events: 0,
    succeeded: 0,
    deadLettered: 0,
    opened: 0,
    changed: 0,
    unchanged: 0,
    resolved: 0,
    suppressed: 0,
  };
  out.write(
    `compliance-bot local runtime: ${opts.events} through statemachines/triage.asl.json (state: ${opts.state})\n`,
  );
  try {
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (!line) continue;
      totals.events++;
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch {
        event = line; // not JSON: triage dead-letters it with the raw text
      }
      out.write(`\n── event ${totals.events} (line ${i + 1}): ${describeEvent(event)}\n`);
      const before = deadLetters.count;
      const result = await runtime.triage(event);
      await runtime.settle();
      if (result.status === 'SUCCEEDED') {
        totals.succeeded++;
        const counts = (result.output as { counts?: Record<string, number> } | undefined)?.counts;
        if (counts) {
          for (const key of ['opened', 'changed', 'unchanged', 'resolved', 'suppressed'] as const)
            totals[key] += counts[key] ?? 0;
          if (!counts.opened && !counts.changed && !counts.resolved && !counts.owed) {
            out.write(
              counts.unchanged
                ? `   no change: ${counts.unchanged} finding(s) already known\n`
                : '   no findings\n',
            );
          }
        } else {
          const error = (result.output as { error?: { Error?: string; Cause?: string } } | undefined)?.error;
          out.write(
            error?.Cause ? `   not checked: ${error.Cause}\n` : '   nothing to check for this event\n',
          );
        }
      } else if (deadLetters.count > before) {
        totals.deadLettered++;
        const body = deadLetters.messages.at(-1)!.body as { error?: { Error?: string; Cause?: string } };
        out.write(
          `   ✉️  dead-lettered: ${body.error?.Error ?? result.error}: ${body.error?.Cause ?? result.cause}\n`,
        );
      } else {
        out.write(`   ✖ triage failed: ${result.error}: ${result.cause}\n`);
      }
    }
    if (opts.report) {
      out.write('\n── weekly report\n');
      const report = await runtime.weeklyReport({});
      if (report.status !== 'SUCCEEDED') out.write(`   ✖ report failed: ${report.error}: ${report.cause}\n`);
    }
  } finally {
    runtime.stop();
    prompt?.close();
    store.flush();
  }
  out.write(
    `\nSummary: ${totals.events} events, ${totals.succeeded} triaged, ${totals.deadLettered} dead-lettered` +
      ` (${deadLetters.path}); findings: ${totals.opened} opened, ${totals.changed} changed,` +
      ` ${totals.unchanged} unchanged, ${totals.resolved} resolved, ${totals.suppressed} suppressed.\n`,
  );
  return 0;
}

function describeEvent(event: unknown): string {
  if (typeof event !== 'object' || event === null) return 'not a JSON object';
  const e = event as { source?: string; 'detail-type'?: string; detail?: Record<string, unknown> };
  const d = e.detail ?? {};
  const item = (d.configurationItem ?? d.configurationItemSummary) as
    | { resourceType?: string; resourceId?: string }
    | undefined;
  const what = item?.resourceType
    ? ` ${item.resourceType} ${item.resourceId}`
    : typeof d.eventName === 'string'
      ? ` ${d.eventName}${typeof d.errorCode === 'string' ? ` (failed: ${d.errorCode})` : ''}`
      : '';
  return `${e.source ?? '?'} · ${e['detail-type'] ?? '?'}${what}`;
}

function readJson<T>(path: string, fallback: T): T {
  if (!existsSync(path)) return fallback;
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 2;
    },
  );
}
