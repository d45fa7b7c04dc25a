/**
 * `npm start`: the local runtime. Replays EventBridge events (JSON lines, a JSON array or one event,
 * or a CloudTrail log file's records; default the bundled `examples/events.jsonl`) through the real triage state machine in-process, prints findings as
 * they would appear in Slack, asks for approvals at the prompt (or `--approve all|none`), prints
 * remediations as dry-run plans, keeps state in `.local-state/` and writes the weekly report to `out/`.
 * The deployed bot's configuration (cdk.json or `--config`) sets what it sets there: notifyMinSeverity,
 * the rule book, approvalTimeoutSeconds and remediation.enabled (off: nothing is planned or asked).
 * No AWS account, credentials or network are used.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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
import { askApproval, HeldOutput } from '../local/approval-prompt';
import { eventBridgeEventOf } from '../local/cloudtrail-envelope';
import { TriagePool } from '../local/parallel/pool';
import { addTotals, answerEvery, emptyTotals, refusedEvent, replayEvent } from '../local/replay-event';
import { type Approver, type Decision, LocalRuntime } from '../local/runtime';
import { DEFAULT_NOTIFY_MIN_SEVERITY } from '../notifications/min-severity';
import type { AccountInfo } from '../ports/inventory-source';
import type { ApprovalRequest, WorkflowNotifier } from '../ports/notifier';
import { RuleBook } from '../rulebook/engine';
import { isSeverity, SEVERITIES, type Severity } from '../rulebook/model/severity';
import { notAnEventProblem } from '../rulebook/normalizers/events/classify';
import { RULES } from '../rulebook/rules/index';
import { oneOffHint } from './commands/acknowledge';
import { InputError } from './errors';
import { type BotSettings, loadBotSettings } from './inputs/bot-config';
import { readEventFile } from './inputs/events';

const ROOT = resolve(__dirname, '..', '..');

interface Options {
  events: string;
  /** Undefined: ask when stdin is a terminal, else none. */
  approve?: 'ask' | 'all' | 'none';
  config?: string;
  state: string;
  out: string;
  configItems: string;
  accounts: string;
  reset: boolean;
  /** Undefined: the configuration's approvalTimeoutSeconds, else `LOCAL_APPROVAL_TIMEOUT_SECONDS`. */
  approvalTimeout?: number;
  /** Undefined: the configuration's notifyMinSeverity, else the default. */
  notifyMinSeverity?: Severity;
  report: boolean;
  workers: number | 'auto';
}

/**
 * How long an approval waits locally when neither `--approval-timeout` nor the configuration's
 * `approvalTimeoutSeconds` says: five minutes, not the deployed default of a day, since a skipped
 * question at the prompt holds the run until it expires.
 */
export const LOCAL_APPROVAL_TIMEOUT_SECONDS = 300;

/** Below this many events a replay is faster in one thread: starting the workers costs about a second. */
export const AUTO_MIN_EVENTS = 2000;

function parseWorkers(value: string): number | 'auto' {
  if (value === 'auto') return value;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number, at least 1, or auto');
  return n;
}

/** How many triage workers a replay runs on (1: in-process), or why the combination is refused. */
export function workerCount(
  requested: number | 'auto',
  replay: { events: number; approve: 'ask' | 'all' | 'none'; slack: boolean },
): number | string {
  if (requested === 'auto') {
    if (replay.approve === 'ask' || replay.slack || replay.events < AUTO_MIN_EVENTS) return 1;
    return Math.max(1, Math.min(availableParallelism(), replay.events));
  }
  if (requested > 1 && replay.slack)
    return 'posting to Slack (SLACK_BOT_TOKEN) runs in one thread: use --workers 1 or auto';
  // A worker without events would only cost its start-up (about a second and 150 MB).
  return Math.max(1, Math.min(requested, replay.events));
}

function parseApprove(value: string): NonNullable<Options['approve']> {
  if (value === 'ask' || value === 'all' || value === 'none') return value;
  throw new InvalidArgumentError('use all, none or ask');
}

function parseSeverity(value: string): Severity {
  const severity = value.trim().toLowerCase();
  if (isSeverity(severity)) return severity;
  throw new InvalidArgumentError(`use one of ${SEVERITIES.join(', ')}`);
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of seconds, at least 1');
  return n;
}

export async function main(argv = process.argv): Promise<number> {
  const program = new Command('npm start --')
    .description('Replay EventBridge events through the real state machines, locally (no AWS).')
    .option(
      '--events <file>',
      'EventBridge events: JSON lines, a JSON array, one event, or a CloudTrail log file ({"Records": [...]}, .json.gz too)',
      join(ROOT, 'examples', 'events.jsonl'),
    )
    .option(
      '--approve <mode>',
      'approvals: ask at the prompt, approve all, or reject all (none)' +
        ' (default: ask when stdin is a terminal, else none)',
      parseApprove,
    )
    .option(
      '-c, --config <file>',
      "the bot's configuration (notifyMinSeverity, approvalTimeoutSeconds, remediation.enabled, ruleBook):" +
        ' a cdk.json, the file its complianceBotConfigFile' +
        ' names, or a rule book file as scan --config takes (default: ./cdk.json when there is one)',
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
    .option(
      '--approval-timeout <seconds>',
      'how long an approval waits for a decision before it expires (answering s at the prompt waits it out)' +
        ` (default: the configuration's approvalTimeoutSeconds, else ${LOCAL_APPROVAL_TIMEOUT_SECONDS})`,
      parseSeconds,
    )
    .option(
      '--notify-min-severity <severity>',
      'findings below it are recorded, not notified nor remediated' +
        ` (default: the configuration's notifyMinSeverity, else ${DEFAULT_NOTIFY_MIN_SEVERITY})`,
      parseSeverity,
    )
    .option('--no-report', 'skip the weekly report')
    .option(
      '--workers <n|auto>',
      'triage on n worker threads, events of one resource always on the same one (1: in this thread;' +
        ` auto: one per core for ${AUTO_MIN_EVENTS.toLocaleString('en-US')} events or more, unless --approve ask)`,
      parseWorkers,
      'auto',
    )
    .exitOverride();
  let opts: Options;
  try {
    opts = program.parse(argv).opts<Options>();
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : 2;
  }

  let replay: Replayed[];
  let accountList: AccountInfo[];
  let configItemList: unknown[];
  let settings: BotSettings;
  try {
    // The deployed bot's settings (cdk.json or --config); flags given on the command line win.
    settings = loadBotSettings({
      cwd: process.cwd(),
      ...(opts.config !== undefined ? { file: opts.config } : {}),
      ruleIds: new Set(Object.keys(RULES)),
    });
    replay = eventsToReplay(opts.events);
    // A file named on the command line must exist; the bundled defaults may be absent.
    const given = (key: keyof Options) => program.getOptionValueSource(key) !== 'default';
    accountList = readJson<AccountInfo[]>(opts.accounts, [], given('accounts'));
    configItemList = readJson<unknown[]>(opts.configItems, [], given('configItems'));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`error: ${error.location}: ${error.message}\n`);
    return 2;
  }
  const approve = opts.approve ?? (process.stdin.isTTY ? 'ask' : 'none');
  const notifyMinSeverity =
    opts.notifyMinSeverity ?? settings.notifyMinSeverity ?? DEFAULT_NOTIFY_MIN_SEVERITY;
  const approvalTimeoutSeconds =
    opts.approvalTimeout ?? settings.approvalTimeoutSeconds ?? LOCAL_APPROVAL_TIMEOUT_SECONDS;
  // Off: Plan plans nothing and the remediation ends as `disabled` before any approval, as deployed
  // (the Plan function's REMEDIATION_ENABLED).
  const remediationEnabled = settings.remediationEnabled ?? true;
  if (opts.reset) rmSync(opts.state, { recursive: true, force: true });
  const stdout = process.stdout;
  // A reader that stops early (`npm start | head`) must not stop the run: the state is still saved.
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
  // Everything but the question itself: held while a question waits, so nothing lands in its line.
  const out = new HeldOutput(stdout);
  const store = FileStore.open(opts.state);
  const deadLetters = new DeadLetterFile(join(opts.state, 'dead-letter.jsonl'));
  const prompt =
    approve === 'ask' ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
  // Lines are read through the interface's async iterator, which buffers them: piped answers that
  // arrive before their question are kept for it, not dropped.
  const answers = prompt?.[Symbol.asyncIterator]();
  const ask = (request: ApprovalRequest): Promise<Decision> =>
    askApproval(request, {
      lines: answers!,
      out: stdout,
      held: out,
      echo: !process.stdin.isTTY,
      timeoutSeconds: approvalTimeoutSeconds,
      ...(opts.approvalTimeout === undefined && settings.approvalTimeoutSeconds !== undefined
        ? { timeoutFrom: "the configuration's approvalTimeoutSeconds; --approval-timeout sets it" }
        : {}),
    });
  // The remediations of one event wait for their approvals together: ask one question at a time,
  // in the order they came, so each answer goes to the approval it names.
  let turn: Promise<unknown> = Promise.resolve();
  const approver: Approver =
    approve === 'ask'
      ? (request: ApprovalRequest) => {
          const mine = turn.then(() => ask(request));
          turn = mine.catch(() => undefined);
          return mine;
        }
      : answerEvery(approve, out);
  const accounts = new FixtureAccountDirectory(accountList);
  const colors = Boolean(stdout.isTTY) && !process.env.NO_COLOR;
  const terminal = new TerminalNotifier(out, { colors });
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
    // `s` at the prompt: nothing can decide later in this run, so the expiry path runs at once.
    ...(approve === 'ask' ? { expireUndecided: true } : {}),
    ...(slack ? { interactionSlack: new SlackInteractionResponder(slack) } : {}),
    executor: new DryRunExecutor(out),
    out,
    configItems: new FixtureConfigItemSource(configItemList),
    accounts,
    reports: new OutReportStore(opts.out),
    book: new RuleBook(undefined, settings.ruleBook),
    deadLetters,
    approver,
    approvalTimeoutSeconds,
    remediationEnabled,
    notifyMinSeverity: notifyMinSeverity,
    root: ROOT,
  });

  const workers = workerCount(opts.workers, {
    events: replay.length,
    approve,
    slack: Boolean(slack),
  });
  if (typeof workers === 'string') {
    process.stderr.write(`error: option '--workers <n|auto>': ${workers}\n`);
    prompt?.close();
    return 2;
  }
  out.write(
    `compliance-bot local runtime: ${opts.events} through statemachines/triage.asl.json (state: ${opts.state})` +
      (workers > 1 ? ` on ${workers} triage workers` : '') +
      `\n${configurationLine(settings, opts)}\n` +
      (remediationEnabled
        ? ''
        : 'remediation: off (remediation.enabled false): no plan is made, no approval asked, nothing changed\n'),
  );
  const header = (n: number, { where, event, problem }: Replayed) =>
    `\n── event ${n} (${where}): ${problem ? problem : describeEvent(event)}\n`;
  let totals = emptyTotals();
  try {
    if (workers > 1) {
      const pool = TriagePool.start({
        workers,
        root: ROOT,
        store,
        deadLetters,
        configItems: configItemList,
        accounts: accountList,
        approve,
        ask,
        ruleBook: settings.ruleBook,
        approvalTimeoutSeconds,
        remediationEnabled,
        notifyMinSeverity: notifyMinSeverity,
        colors,
        out,
      });
      try {
        await pool.replay(
          replay.map((r, i) => ({
            event: r.event,
            header: header(i + 1, r),
            ...(r.problem !== undefined ? { refused: notJson(r.problem) } : {}),
          })),
        );
        await pool.finish();
      } catch (error) {
        await pool.terminate();
        throw error;
      }
      totals = pool.summary();
    } else {
      for (const r of replay) {
        out.write(header(totals.events + 1, r));
        if (r.problem !== undefined) {
          const refused = refusedEvent(r.event, notJson(r.problem));
          deadLetters.send(refused.body);
          out.write(refused.text);
          addTotals(totals, refused.totals);
        } else {
          addTotals(totals, await replayEvent(runtime, deadLetters, r.event, out, notifyMinSeverity));
        }
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
      // Remediations run on their own (as in AWS): their dead letters land in the same file.
      (deadLetters.count > totals.deadLettered
        ? ` (+${deadLetters.count - totals.deadLettered} from remediation or report workflows)`
        : '') +
      ` (${deadLetters.path}); findings: ${totals.opened} opened, ${totals.changed} changed,` +
      ` ${totals.unchanged} unchanged, ${totals.resolved} resolved, ${totals.suppressed} suppressed` +
      (totals.stale ? `; ${totals.stale} stale event(s) ignored (older than what was applied)` : '') +
      '.\n',
  );
  if (totals.belowMinSeverity) {
    out.write(
      `Not notified: ${totals.belowMinSeverity} finding(s) below ${notifyMinSeverity}` +
        ' (--notify-min-severity): recorded and in the weekly report, not posted, not remediated.\n',
    );
  }
  out.write(await oneOffHint(store, opts.state));
  return 0;
}

/**
 * Where the configuration came from, the settings it gave that a reader might not expect
 * (notifyMinSeverity and the rule book are seen in the findings; remediation off has its own line),
 * and the flags that override it.
 */
function configurationLine(settings: BotSettings, opts: Options): string {
  const given =
    settings.approvalTimeoutSeconds !== undefined
      ? `: approvalTimeoutSeconds ${settings.approvalTimeoutSeconds}`
      : '';
  const flags = [
    ...(opts.notifyMinSeverity ? [`--notify-min-severity ${opts.notifyMinSeverity}`] : []),
    ...(opts.approvalTimeout !== undefined ? [`--approval-timeout ${opts.approvalTimeout}`] : []),
  ];
  return (
    `configuration: ${settings.source ?? 'none (no cdk.json here): built-in defaults'}${given}` +
    flags.map((flag) => `; ${flag}`).join('')
  );
}

function describeEvent(event: unknown): string {
  const problem = notAnEventProblem(event);
  if (problem !== undefined) return problem;
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

/**
 * A line that is not JSON is not triaged: no EventBridge event or StartExecution input can be
 * anything but JSON, so the cloud never sees it. It is dead-lettered with its raw text and the parse
 * error, in file order, so nothing is lost.
 */
function notJson(problem: string): { Error: string; Cause: string } {
  return { Error: 'EventFormatError', Cause: problem };
}

/** One event to replay, where it is in the file, and why it is not JSON (then `event` is the raw text). */
interface Replayed {
  where: string;
  event: unknown;
  problem?: string;
}

/**
 * The events of `--events` in file order. A line that is not JSON is kept as its raw text, so it
 * is dead-lettered with the original payload (nothing is lost) after saying what is wrong.
 */
function eventsToReplay(path: string): Replayed[] {
  const { entries, problems } = readEventFile(path, path);
  const lines = problems.length > 0 ? readFileSync(path, 'utf8').split('\n') : [];
  const replay = [
    ...entries.map((entry) => ({
      order: entry.line ?? 0,
      where: entry.line !== undefined ? `line ${entry.line}` : (entry.item ?? 'the file'),
      event: entry.kind === 'record' ? eventBridgeEventOf(entry.value) : entry.value,
    })),
    ...problems.map((p) => ({
      order: p.line ?? 0,
      where: `line ${p.line}`,
      event: (lines[(p.line ?? 1) - 1] ?? '').trim(),
      problem: p.message,
    })),
  ];
  replay.sort((a, b) => a.order - b.order);
  return replay.map(({ order: _order, ...rest }) => rest);
}

function readJson<T>(path: string, fallback: T, required: boolean): T {
  if (!existsSync(path)) {
    if (required) throw new InputError(path, 'no such file');
    return fallback;
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new InputError(path, `not valid JSON: ${(error as Error).message}`);
  }
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
