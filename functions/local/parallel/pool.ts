/**
 * Triage on every core: a parallel replay of EventBridge events through the real triage state
 * machine, one LocalRuntime per worker thread (worker.ts).
 *
 * - Events are sharded by the resource (or account) they can touch (shard.ts) and each worker
 *   triages its events one at a time in file order, so every finding's history is what a
 *   sequential replay writes.
 * - The store is partitioned, not shared: each worker owns the findings and approvals of its
 *   shard and holds read-only copies of the rest (suppressions, started executions, deliveries).
 *   No store call crosses threads; at the end the main thread takes the partitions back.
 * - Everything with a single writer stays on the main thread: terminal output, the audit trail,
 *   the dead-letter file and the approval prompt. Workers send them with each event's result and
 *   the main thread writes them in file order, so the output of an event never interleaves with
 *   another's and the files read as a sequential replay's.
 * - A worker that crashes is reported: every event it had not finished, and every later event of
 *   its shard, is dead-lettered (`WorkerCrashed`) with its original payload, never lost or hung.
 */
import { existsSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { rememberedItem } from '../../adapters/local/config-item-reader';
import type { DeadLetterFile } from '../../adapters/local/dead-letter-file';
import { FileStore } from '../../adapters/local/file-store';
import type { MemoryStore, StoreState } from '../../adapters/local/memory-store';
import type { Output } from '../../adapters/local/terminal-notifier';
import type { AccountInfo } from '../../ports/inventory-source';
import type { ApprovalRequest } from '../../ports/notifier';
import type { RuleBookConfig } from '../../rulebook/config';
import type { Severity } from '../../rulebook/model/severity';
import { addTotals, emptyTotals, type ReplayTotals, refusedEvent } from '../replay-event';
import type { Decision } from '../runtime';
import { shardKeyOfEvent, shardKeyOfFinding, shardOf } from '../shard';
import type { EventDone, FromWorker, ToWorker, WorkerFinal, WorkerInit, WorkItem } from './protocol';

/** Items posted to a worker at once. */
const BATCH = 32;
/** Events a worker may have been sent but not answered: bounds the memory of a long replay. */
const WINDOW = 512;

export interface TriagePoolOptions {
  workers: number;
  /** Directory holding `statemachines/`. */
  root: string;
  /** Partitioned among the workers at start; takes their partitions back in `finish()`. */
  store: MemoryStore;
  deadLetters: DeadLetterFile;
  configItems: unknown[];
  accounts: AccountInfo[];
  approve: 'ask' | 'all' | 'none';
  /** With `approve: 'ask'`: the prompt, on this thread, one question at a time in file order. */
  ask?: (request: ApprovalRequest) => Promise<Decision>;
  approvalTimeoutSeconds?: number;
  /** False: remediation is turned off (`remediation.enabled`), as the Plan function's REMEDIATION_ENABLED. */
  remediationEnabled?: boolean;
  notifyMinSeverity: Severity;
  /** The rule book settings every worker evaluates with (default: the built-in ones). */
  ruleBook?: RuleBookConfig;
  colors?: boolean;
  /** Where each event's output goes, in file order (default: dropped, as the benchmark does). */
  out?: Output;
  /** A module exporting `wrap` (LocalRuntime's option), loaded in every worker: tests inject failures. */
  hooks?: string;
}

/** One event to replay and, optionally, the line printed before its output. */
export interface PoolEvent {
  event: unknown;
  header?: string;
  /** Not triaged (a line that is not JSON): dead-lettered on this thread with this error, in file order. */
  refused?: { Error: string; Cause: string };
}

type Pending =
  | { kind: 'chunk'; text: string }
  | { kind: 'ask'; worker: number; id: number; request: ApprovalRequest }
  | { kind: 'done'; result: EventDone };

interface Slot {
  worker: Worker;
  index: number;
  alive: boolean;
  outbox: WorkItem[];
  /** Sent, not yet answered: seq -> event (kept to dead-letter it if the worker dies). */
  inFlight: Map<number, unknown>;
  /** Events routed here so far (keyless events go to the least loaded worker). */
  routed: number;
  final?: WorkerFinal;
  initial: Pick<StoreState, 'findings' | 'approvals' | 'resources'>;
  archive?: string;
  gcDone?: (heapUsed: number) => void;
  snapshot?: (final: WorkerFinal) => void;
  finished?: (heapUsed?: number) => void;
}

export class TriagePool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending[]>();
  private readonly headers = new Map<number, string>();
  private seq = 0;
  /** The next event whose output is due. */
  private next = 0;
  private headerWritten = false;
  private draining = false;
  private waiters: Array<() => void> = [];
  private readonly totals = emptyTotals();
  /** Workers that crashed, with why. */
  readonly crashes: Array<{ worker: number; error: string }> = [];

  private constructor(private readonly opts: TriagePoolOptions) {}

  /** Starts the workers on their partitions of `opts.store`. */
  static start(opts: TriagePoolOptions): TriagePool {
    const pool = new TriagePool(opts);
    pool.spawn();
    return pool;
  }

  private spawn(): void {
    const { opts } = this;
    const n = opts.workers;
    const state = opts.store.snapshot();
    const parts = Array.from({ length: n }, () => ({
      findings: {} as StoreState['findings'],
      approvals: {} as StoreState['approvals'],
      resources: {} as NonNullable<StoreState['resources']>,
    }));
    for (const [id, finding] of Object.entries(state.findings))
      parts[shardOf(shardKeyOfFinding(finding), n)]!.findings[id] = finding;
    // A resource's watermark is keyed by the shard key of its events (resource-order.ts).
    for (const [key, mark] of Object.entries(state.resources ?? {}))
      parts[shardOf(key, n)]!.resources[key] = mark;
    for (const [id, approval] of Object.entries(state.approvals)) {
      const finding = state.findings[approval.findingId];
      parts[finding ? shardOf(shardKeyOfFinding(finding), n) : 0]!.approvals[id] = approval;
    }
    const dir = opts.store instanceof FileStore ? opts.store.dir : undefined;
    const tsx = require.resolve('tsx/cjs/api');
    const entry = join(__dirname, 'worker.ts');
    for (let index = 0; index < n; index++) {
      const archive = dir ? join(dir, `approvals.worker-${index}.jsonl`) : undefined;
      const init: WorkerInit = {
        index,
        root: opts.root,
        state: {
          findings: parts[index]!.findings,
          approvals: parts[index]!.approvals,
          resources: parts[index]!.resources,
          // Every worker gets the claims (a fix's findings can sit in two shards: a bucket's Config
          // findings by resource, its CloudTrail ones by account); adopt() merges them back.
          pendingClaims: state.pendingClaims ?? {},
          audit: [],
          suppressions: state.suppressions,
          history: [],
          executions: state.executions,
          deliveries: state.deliveries,
        },
        ...(dir && archive ? { archive: { base: join(dir, 'approvals.jsonl'), own: archive } } : {}),
        configItems: opts.configItems,
        accounts: opts.accounts,
        approve: opts.approve,
        ...(opts.approvalTimeoutSeconds ? { approvalTimeoutSeconds: opts.approvalTimeoutSeconds } : {}),
        ...(opts.remediationEnabled !== undefined ? { remediationEnabled: opts.remediationEnabled } : {}),
        notifyMinSeverity: opts.notifyMinSeverity,
        ...(opts.ruleBook ? { ruleBook: opts.ruleBook } : {}),
        colors: opts.colors ?? false,
        output: opts.out !== undefined,
        ...(opts.hooks ? { hooks: opts.hooks } : {}),
      };
      const worker = new Worker(
        `require(${JSON.stringify(tsx)}).register();require(${JSON.stringify(entry)});`,
        { eval: true, workerData: init, execArgv: [] },
      );
      const slot: Slot = {
        worker,
        index,
        alive: true,
        outbox: [],
        inFlight: new Map(),
        routed: 0,
        initial: parts[index]!,
        ...(archive ? { archive } : {}),
      };
      worker.on('message', (message: FromWorker) => this.receive(slot, message));
      worker.on('error', (error) => this.crashed(slot, error.stack ?? String(error)));
      worker.on('exit', (code) => {
        if (!slot.final) this.crashed(slot, `the worker exited with code ${code}`);
      });
      this.slots.push(slot);
    }
  }

  /**
   * Triages `events` after those of earlier calls; each event's output is written in file order.
   * Resolves when every event so far has been triaged and written, with this call's totals added
   * to `totals()`.
   */
  async replay(events: Iterable<PoolEvent>): Promise<void> {
    for (const { event, header, refused } of events) {
      const seq = this.seq++;
      if (header !== undefined) this.headers.set(seq, header);
      if (refused) {
        this.deliver(seq, { kind: 'done', result: this.refusedResult(seq, event, refused) });
        continue;
      }
      const key = shardKeyOfEvent(event);
      const slot = key === undefined ? this.leastLoaded() : this.slots[shardOf(key, this.slots.length)]!;
      slot.routed++;
      const item = rememberedItem(event);
      if (item)
        for (const other of this.slots)
          if (other !== slot && other.alive) this.enqueue(other, { remember: item });
      if (!slot.alive) {
        this.deliver(seq, { kind: 'done', result: this.crashResult(seq, event, slot) });
        continue;
      }
      slot.inFlight.set(seq, event);
      this.enqueue(slot, { seq, event });
      while (slot.alive && slot.inFlight.size >= WINDOW) {
        this.postAll();
        await this.progress();
      }
    }
    this.postAll();
    while (this.next < this.seq) await this.progress();
  }

  /** The totals of every event written so far. */
  summary(): ReplayTotals {
    return Object.assign({}, this.totals);
  }

  /**
   * A forced full GC in every worker (the benchmark measures the process's RSS, which they share).
   * Resolves with the heap the workers use after it, in bytes.
   */
  async gc(): Promise<number> {
    const heaps = await this.everyWorker({ t: 'gc' }, 'gcDone');
    return heaps.reduce((a, b) => a + b, 0);
  }

  /** Every live worker's partition as it is now (call between replays). */
  snapshot(): Promise<WorkerFinal[]> {
    const live = this.slots.filter((s) => s.alive);
    return Promise.all(
      live.map(
        (slot) =>
          new Promise<WorkerFinal>((resolve) => {
            slot.snapshot = resolve;
            this.post(slot, { t: 'snapshot' });
          }),
      ),
    );
  }

  /** Sends `message` to every live worker; resolves when each has answered (or stopped). */
  private everyWorker(message: ToWorker, answered: 'gcDone' | 'finished'): Promise<number[]> {
    const live = this.slots.filter((s) => s.alive);
    return Promise.all(
      live.map(
        (slot) =>
          new Promise<number>((resolve) => {
            slot[answered] = (heapUsed = 0) => resolve(heapUsed);
            this.post(slot, message);
          }),
      ),
    );
  }

  /**
   * Stops the workers and takes their partitions back into the store (a crashed worker's
   * partition is the one it started with). Decided approvals a worker moved out of memory are
   * appended to the state folder's `approvals.jsonl`.
   */
  async finish(): Promise<void> {
    this.postAll();
    while (this.next < this.seq) await this.progress();
    await this.everyWorker({ t: 'finish' }, 'finished');
    const { store } = this.opts;
    store.adopt(this.slots.map((s) => s.final ?? s.initial));
    for (const slot of this.slots) {
      const final = slot.final;
      if (final) {
        for (const name of final.executions) store.startExecution(name);
        for (const suppression of final.suppressions) await store.suppressions.put(suppression);
        for (const [key, channels] of Object.entries(final.deliveries))
          for (const [channel, at] of Object.entries(channels))
            await store.deliveries.record(channel, key, new Date(at));
      }
      if (slot.archive && existsSync(slot.archive) && store instanceof FileStore) {
        store.adoptArchivedApprovals(slot.archive);
        unlinkSync(slot.archive);
      }
      await slot.worker.terminate();
    }
  }

  /** Stops every worker at once (after an error on this thread). */
  async terminate(): Promise<void> {
    for (const slot of this.slots) {
      slot.alive = false;
      await slot.worker.terminate();
    }
  }

  private leastLoaded(): Slot {
    let best = this.slots[0]!;
    for (const slot of this.slots) if (slot.alive && (slot.routed < best.routed || !best.alive)) best = slot;
    return best;
  }

  private enqueue(slot: Slot, item: WorkItem): void {
    slot.outbox.push(item);
    if (slot.outbox.length >= BATCH) this.post(slot, { t: 'work', items: slot.outbox.splice(0) });
  }

  private postAll(): void {
    for (const slot of this.slots)
      if (slot.outbox.length) this.post(slot, { t: 'work', items: slot.outbox.splice(0) });
  }

  private post(slot: Slot, message: ToWorker): void {
    if (slot.alive) slot.worker.postMessage(message);
  }

  private progress(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private receive(slot: Slot, message: FromWorker): void {
    switch (message.t) {
      case 'done':
        if (!slot.alive) return; // already dead-lettered as the worker's crash
        for (const result of message.results) {
          slot.inFlight.delete(result.seq);
          this.deliver(result.seq, { kind: 'done', result });
        }
        return;
      case 'chunk':
        this.deliver(message.seq, { kind: 'chunk', text: message.text });
        return;
      case 'ask':
        this.deliver(message.seq, {
          kind: 'ask',
          worker: slot.index,
          id: message.id,
          request: message.request,
        });
        return;
      case 'gc-done':
        slot.gcDone?.(message.heapUsed);
        return;
      case 'snapshot':
        slot.snapshot?.(message.final);
        return;
      case 'finished':
        slot.final = message.final;
        slot.finished?.();
        return;
      case 'ready':
        return;
    }
  }

  private crashed(slot: Slot, error: string): void {
    if (!slot.alive) return;
    slot.alive = false;
    this.crashes.push({ worker: slot.index, error });
    this.opts.out?.write(`\n✖ triage worker ${slot.index + 1} stopped: ${error.split('\n')[0]}\n`);
    for (const [seq, event] of slot.inFlight)
      this.deliver(seq, { kind: 'done', result: this.crashResult(seq, event, slot) });
    slot.inFlight.clear();
    slot.outbox.length = 0;
    slot.gcDone?.(0);
    slot.snapshot?.({ findings: {}, approvals: {}, executions: [], deliveries: {}, suppressions: [] });
    slot.finished?.();
  }

  /** An event a crashed worker did not finish: dead-lettered with its payload, as triage would. */
  private crashResult(seq: number, event: unknown, slot: Slot): EventDone {
    return this.refusedResult(seq, event, {
      Error: 'WorkerCrashed',
      Cause: `triage worker ${slot.index + 1} stopped before this event was triaged`,
    });
  }

  private refusedResult(seq: number, event: unknown, error: { Error: string; Cause: string }): EventDone {
    const { body, text, totals } = refusedEvent(event, error);
    return { seq, text, audit: [], deadLetters: [{ at: new Date().toISOString(), body }], totals };
  }

  private deliver(seq: number, item: Pending): void {
    let items = this.pending.get(seq);
    if (!items) {
      items = [];
      this.pending.set(seq, items);
    }
    items.push(item);
    if (item.kind === 'done') this.wake();
    void this.drain();
  }

  /** Writes what is due, in file order; waits at a question until the prompt is answered. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    const { out, store, deadLetters } = this.opts;
    try {
      for (;;) {
        const items = this.pending.get(this.next);
        const item = items?.shift();
        if (!item) break;
        if (!this.headerWritten) {
          const header = this.headers.get(this.next);
          if (header !== undefined) out?.write(header);
          this.headers.delete(this.next);
          this.headerWritten = true;
        }
        if (item.kind === 'chunk') out?.write(item.text);
        else if (item.kind === 'ask') {
          const slot = this.slots[item.worker]!;
          const decision = slot.alive && this.opts.ask ? await this.opts.ask(item.request) : 'rejected';
          this.post(slot, { t: 'answer', id: item.id, decision });
        } else {
          const { result } = item;
          if (result.text) out?.write(result.text);
          for (const record of result.audit) await store.audit.append(record);
          for (const letter of result.deadLetters) deadLetters.send(letter.body, new Date(letter.at));
          addTotals(this.totals, result.totals);
          this.pending.delete(this.next);
          this.next++;
          this.headerWritten = false;
          this.wake();
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
