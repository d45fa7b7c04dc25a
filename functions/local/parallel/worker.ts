/**
 * A triage worker of a parallel replay (see pool.ts): its own LocalRuntime on the real state
 * machines, over its partition of the store. Events arrive in file order and are triaged one at a
 * time, each with the remediations it starts, exactly as `npm start` does in-process; what the
 * main thread must write (terminal output, audit records, dead letters) goes back with each event.
 */
import '../polyfill';
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { ApprovalArchiveFile } from '../../adapters/local/approval-archive-file';
import { DeadLetterFile } from '../../adapters/local/dead-letter-file';
import { DryRunExecutor } from '../../adapters/local/dry-run-executor';
import { FixtureAccountDirectory } from '../../adapters/local/fixture-account-directory';
import { FixtureConfigItemSource } from '../../adapters/local/fixture-config-items';
import { type ApprovalArchive, MemoryStore } from '../../adapters/local/memory-store';
import { OutReportStore } from '../../adapters/local/out-report-store';
import { TerminalNotifier } from '../../adapters/local/terminal-notifier';
import type { Approval } from '../../ports/approval-store';
import type { AuditLog, AuditRecord } from '../../ports/audit-log';
import { RuleBook } from '../../rulebook/engine';
import { answerEvery, replayEvent } from '../replay-event';
import { type Approver, type Decision, LocalRuntime, type LocalRuntimeOptions } from '../runtime';
import type { EventDone, FromWorker, ToWorker, WorkerFinal, WorkerInit, WorkItem } from './protocol';

/** Results are sent back in batches of this many (or sooner, when the queue runs dry). */
const SEND_EVERY = 32;

/** Archived approvals: this worker's own file first, then the state folder's (read only). */
class LayeredArchive implements ApprovalArchive {
  constructor(
    readonly own: ApprovalArchiveFile,
    private readonly base: ApprovalArchiveFile | undefined,
  ) {}
  has(id: string): boolean {
    return this.own.has(id) || (this.base?.has(id) ?? false);
  }
  get(id: string): Approval | undefined {
    return this.own.has(id) ? this.own.get(id) : this.base?.get(id);
  }
  put(approval: Approval): void {
    this.own.put(approval);
  }
  close(): void {
    this.own.close();
    this.base?.close();
  }
}

/**
 * Errors inside a triage worker reach the user as their name and message (a dead letter's `error`,
 * the crash report), never as a stack: without capturing stacks, the errors aws-local-stepfunctions'
 * JSONPath library throws for every path that yields a plain value cost nothing (about 13% of a
 * worker's CPU). `DEBUG=1` keeps them.
 */
if (!process.env.DEBUG) Error.stackTraceLimit = 0;

function start(init: WorkerInit): void {
  const port = parentPort!;
  const send = (message: FromWorker) => port.postMessage(message);

  let text: string[] = [];
  const out = init.output ? { write: (s: string) => text.push(s) } : { write: () => true };
  let audit: AuditRecord[] = [];
  const auditLog: AuditLog = {
    async append(record) {
      audit.push(record);
    },
    // The weekly report, the only reader, runs on the main thread.
    // biome-ignore lint/correctness/useYield: it only throws
    async *list() {
      throw new Error('the audit trail is read on the main thread, not in a triage worker');
    },
  };
  const archive = init.archive
    ? new LayeredArchive(
        new ApprovalArchiveFile(init.archive.own),
        existsSync(init.archive.base) ? new ApprovalArchiveFile(init.archive.base) : undefined,
      )
    : undefined;
  const executionsBefore = init.state.executions.length;
  const suppressionsBefore = init.state.suppressions.length;
  const store = new MemoryStore(init.state, auditLog, archive);
  const deadLetters = new DeadLetterFile();

  let current = -1;
  let asked = 0;
  const answers = new Map<number, (decision: Decision) => void>();
  const approver: Approver =
    init.approve === 'ask'
      ? (request) => {
          // Earlier events' results first (the main thread prints in file order and would wait for
          // them forever), then what this event printed so far, then the question.
          flush();
          if (text.length) send({ t: 'chunk', seq: current, text: text.join('') });
          text = [];
          const id = ++asked;
          send({ t: 'ask', seq: current, id, request });
          return new Promise<Decision>((resolve) => answers.set(id, resolve));
        }
      : answerEvery(init.approve, out);

  const hooks = init.hooks ? (require(init.hooks) as { wrap?: LocalRuntimeOptions['wrap'] }) : {};
  const runtime = new LocalRuntime({
    store,
    notifier: new TerminalNotifier(out, { colors: init.colors }),
    executor: new DryRunExecutor(out),
    out,
    configItems: new FixtureConfigItemSource(init.configItems),
    accounts: new FixtureAccountDirectory(init.accounts),
    // Never used here: the weekly report runs on the main thread.
    reports: new OutReportStore('out'),
    book: new RuleBook(undefined, init.ruleBook),
    deadLetters,
    approver,
    ...(init.approvalTimeoutSeconds ? { approvalTimeoutSeconds: init.approvalTimeoutSeconds } : {}),
    ...(init.remediationEnabled !== undefined ? { remediationEnabled: init.remediationEnabled } : {}),
    notifyMinSeverity: init.notifyMinSeverity,
    root: init.root,
    ...(hooks.wrap ? { wrap: hooks.wrap } : {}),
  });

  const queue: WorkItem[] = [];
  let head = 0;
  let busy = false;
  let finishing = false;
  let results: EventDone[] = [];

  const flush = () => {
    if (results.length) send({ t: 'done', results });
    results = [];
  };

  const pump = async () => {
    if (busy) return;
    busy = true;
    while (head < queue.length) {
      const item = queue[head++]!;
      if (head >= 1024) {
        queue.splice(0, head);
        head = 0;
      }
      if ('remember' in item) {
        runtime.rememberConfigItem({ detail: { configurationItem: item.remember } });
        continue;
      }
      current = item.seq;
      const letters = deadLetters.count;
      const totals = await replayEvent(runtime, deadLetters, item.event, out, init.notifyMinSeverity);
      const sent = deadLetters.count - letters;
      results.push({
        seq: item.seq,
        text: text.join(''),
        audit,
        deadLetters: sent ? deadLetters.messages.slice(-sent) : [],
        totals,
      });
      text = [];
      audit = [];
      if (results.length >= SEND_EVERY) flush();
    }
    queue.length = 0;
    head = 0;
    flush();
    busy = false;
    if (finishing) finish();
  };

  const partition = (): WorkerFinal => {
    const state = store.snapshot();
    return {
      findings: state.findings,
      approvals: state.approvals,
      resources: state.resources ?? {},
      pendingClaims: state.pendingClaims ?? {},
      executions: state.executions.slice(executionsBefore),
      deliveries: state.deliveries,
      suppressions: state.suppressions.slice(suppressionsBefore),
    };
  };
  const finish = () => {
    runtime.stop();
    archive?.close();
    send({ t: 'finished', final: partition() });
  };

  port.on('message', (message: ToWorker) => {
    switch (message.t) {
      case 'work':
        for (const item of message.items) queue.push(item);
        void pump();
        return;
      case 'answer': {
        const resolve = answers.get(message.id);
        answers.delete(message.id);
        resolve?.(message.decision);
        return;
      }
      case 'gc':
        // The benchmark's forced GC reaches this isolate too (threads share the process RSS).
        setFlagsFromString('--expose-gc');
        setTimeout(() => {
          const collect = runInNewContext('gc') as () => void;
          collect();
          collect();
          send({ t: 'gc-done', heapUsed: process.memoryUsage().heapUsed });
        }, 100);
        return;
      case 'snapshot':
        send({ t: 'snapshot', final: partition() });
        return;
      case 'finish':
        finishing = true;
        if (!busy) finish();
        return;
    }
  });
  send({ t: 'ready' });
}

start(workerData as WorkerInit);
