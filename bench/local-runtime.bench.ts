/**
 * Local runtime throughput and memory: EventBridge events through the REAL triage.asl.json in
 * aws-local-stepfunctions, with the real handlers and local in-memory adapters (the same wiring as
 * `npm start`, minus terminal output and files).
 *
 * Workload: the bundled sample events (`examples/events.jsonl`: Config changes incl. an oversized
 * one, CloudTrail calls, a cost anomaly, a malformed event) replayed in rounds with fresh event ids.
 * The file tells the story of one bucket made public and then fixed, so every round re-opens and
 * resolves a few of its findings and asks for new approvals (rejected at once: 6 approvals and 12
 * audit records a round); every 4th round also renames the bucket, so a whole new set of findings is
 * opened. The rest of each round is unchanged, and the malformed event is dead-lettered every round.
 * The stores are the file store `npm start` uses, in a temporary folder.
 *
 * Measured as a user runs a large replay: `npm start -- --workers auto` on this machine, i.e. a
 * TriagePool with one triage worker per core (`triageWorkers`), events sharded by resource and
 * triaged in file order in each worker, the main thread writing the audit trail and dead letters.
 *
 * - `localEventsPerSecond`: events triaged per wall-clock second with the workers (goal >= 2,000);
 *   `localEventsPerCpuSecond`: per CPU second of the whole process (all threads: what the work costs,
 *   coordination included).
 * - `localEventsPerSecondOneThread` / `localEventsPerCpuSecondOneThread`: the same workload on one
 *   LocalRuntime in this thread (`--workers 1`), up to CONCURRENCY executions in flight as Express
 *   executions run: what one core sustains.
 * - `rssGrowthMbPer100k`: RSS growth per 100,000 events of the worker run, after 40k events of
 *   warm-up: the slope of RSS sampled after a forced GC (in every worker and in this thread: RSS is
 *   the process's, threads share it) every 5k events over `rssSampleEvents` (40k) events, scaled to
 *   100k (goal <= 50). `heapGrowthMbPer100k` is the JS heap alone; it includes the legitimate growth of the
 *   in-memory stores (new findings and approvals). `storeJsonMbPer100k` is that legitimate state on
 *   its own: the growth of the records the store keeps in memory, as the JSON the file store writes,
 *   over the same events; `auditLogMbPer100k` is what the audit trail appended to its file (on disk,
 *   not in memory).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import '../functions/local/polyfill';
import { DeadLetterFile } from '../functions/adapters/local/dead-letter-file';
import { DryRunExecutor } from '../functions/adapters/local/dry-run-executor';
import { FileStore } from '../functions/adapters/local/file-store';
import { FixtureConfigItemSource } from '../functions/adapters/local/fixture-config-items';
import type { MemoryStore } from '../functions/adapters/local/memory-store';
import { OutReportStore } from '../functions/adapters/local/out-report-store';
import { TerminalNotifier } from '../functions/adapters/local/terminal-notifier';
import { TriagePool } from '../functions/local/parallel/pool';
import type { WorkerFinal } from '../functions/local/parallel/protocol';
import { LocalRuntime } from '../functions/local/runtime';
import { DEFAULT_NOTIFY_MIN_SEVERITY } from '../functions/notifications/min-severity';
import { RuleBook } from '../functions/rulebook/engine';

const ROOT = join(__dirname, '..');
const CONCURRENCY = 16;
const WARM_UP = 10_000;
const SETTLE = 10_000;
const MEASURED = 20_000;
const silent = { write: () => true };

type Json = Record<string, unknown>;

function sampleEvents(): unknown[] {
  return readFileSync(join(ROOT, 'examples', 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

function makeRuntime(store: MemoryStore) {
  return new LocalRuntime({
    store,
    notifier: new TerminalNotifier(silent),
    executor: new DryRunExecutor(silent),
    configItems: new FixtureConfigItemSource(
      JSON.parse(readFileSync(join(ROOT, 'examples', 'config-items.json'), 'utf8')),
    ),
    reports: new OutReportStore(join(ROOT, 'out', 'bench')),
    book: new RuleBook(),
    deadLetters: new DeadLetterFile(),
    approver: () => 'rejected',
    root: ROOT,
  });
}

/**
 * Event `n` of the workload: a sample event with a fresh id (and a renamed bucket every 4th round).
 * Each round's Config items are captured one day after the previous round's, as live traffic is:
 * Record applies a Config item only if it is not older than the latest one applied for its
 * resource, so replaying the samples' fixed capture times would make the bucket's 09:14 items of
 * every later round stale (skipped) after the previous round's 10:04 item, and the figure would
 * measure less work than the triage of those events.
 */
function eventAt(samples: unknown[], n: number): unknown {
  const base = samples[n % samples.length] as Json;
  const round = Math.floor(n / samples.length);
  const event: Json = { ...base, id: `bench-${n}` };
  const detail = base.detail as Json | undefined;
  const item = detail?.configurationItem as Json | undefined;
  const summary = detail?.configurationItemSummary as Json | undefined;
  if (item) {
    const renamed = item.resourceType === 'AWS::S3::Bucket' && round % 4 === 0;
    const name = `bench-bucket-${round}`;
    event.detail = {
      ...detail,
      configurationItem: Object.assign(
        { ...item },
        capturedLater(item, round),
        renamed ? { resourceId: name, resourceName: name, ARN: `arn:aws:s3:::${name}` } : {},
      ),
    };
  } else if (summary) {
    event.detail = { ...detail, configurationItemSummary: { ...summary, ...capturedLater(summary, round) } };
  }
  return event;
}

/** The capture time (and state id) of a Config item, `days` days later. */
function capturedLater(item: Json, days: number): Json {
  const shift = days * 86_400_000;
  const at =
    typeof item.configurationItemCaptureTime === 'string'
      ? Date.parse(item.configurationItemCaptureTime)
      : NaN;
  return {
    ...(Number.isNaN(at) ? {} : { configurationItemCaptureTime: new Date(at + shift).toISOString() }),
    ...(typeof item.configurationStateId === 'number'
      ? { configurationStateId: item.configurationStateId + shift }
      : {}),
  };
}

async function drive(runtime: LocalRuntime, samples: unknown[], from: number, count: number): Promise<void> {
  let next = from;
  const end = from + count;
  const worker = async () => {
    while (next < end) {
      const n = next++;
      await runtime.triage(eventAt(samples, n));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await runtime.settle();
}

function* workload(samples: unknown[], from: number, count: number) {
  for (let n = from; n < from + count; n++) yield { event: eventAt(samples, n) };
}

/**
 * A full GC after the current job ends: WeakRefs (AbortSignal.any inside the library) keep their
 * targets alive until then, which would count as growth. Returns this isolate's heap in use.
 */
async function gc(): Promise<number> {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  await new Promise((r) => setTimeout(r, 100));
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/** Throughput of `count` events and the CPU the process spent on them (all threads). */
async function timed(count: number, work: () => Promise<void>) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    perSecond: Math.round(count / seconds),
    perCpuSecond: Math.round(count / ((cpu.user + cpu.system) / 1e6)),
  };
}

/** `--workers 1`: one LocalRuntime in this thread, as before the workers existed. */
async function oneThread(samples: unknown[]) {
  const dir = mkdtempSync(join(tmpdir(), 'compliance-bot-bench-state-'));
  const runtime = makeRuntime(FileStore.open(dir));
  // Warm-up: compiles the definitions, JITs the handlers, fills the stores with the steady state.
  await drive(runtime, samples, 0, WARM_UP);
  const figures = await timed(MEASURED, () => drive(runtime, samples, WARM_UP, MEASURED));
  runtime.stop();
  rmSync(dir, { recursive: true, force: true });
  return figures;
}

export async function run(): Promise<Record<string, number>> {
  const samples = sampleEvents();
  // The worker run first: the memory the one-thread run frees would otherwise come back to the
  // system while RSS is sampled, and read as negative growth.
  const workers = availableParallelism();
  const dir = mkdtempSync(join(tmpdir(), 'compliance-bot-bench-state-'));
  const store = FileStore.open(dir);
  const auditBytes = () => statSync(join(dir, 'audit.jsonl')).size;
  const pool = TriagePool.start({
    workers,
    root: ROOT,
    store,
    deadLetters: new DeadLetterFile(),
    configItems: JSON.parse(readFileSync(join(ROOT, 'examples', 'config-items.json'), 'utf8')),
    accounts: [],
    approve: 'none',
    notifyMinSeverity: DEFAULT_NOTIFY_MIN_SEVERITY,
  });
  // Warm-up as above, in every worker (it includes starting them).
  await pool.replay(workload(samples, 0, WARM_UP));
  const many = await timed(MEASURED, () => pool.replay(workload(samples, WARM_UP, MEASURED)));

  // RSS keeps rising for the first ~30k events (V8 grows its heap spaces, the allocator its arenas),
  // then stays flat: settle first, so the sample measures growth, not warm-up.
  await pool.replay(workload(samples, WARM_UP + MEASURED, SETTLE));
  // Memory is sampled after a full GC every CHUNK events and the growth is the least-squares slope
  // over all samples: two end points alone swing by tens of MB with where the allocator happens to
  // return pages to the system.
  const rssSample = 40_000;
  const CHUNK = 5_000;
  const rss: Array<[number, number]> = [];
  const heap: Array<[number, number]> = [];
  const start = WARM_UP + MEASURED + SETTLE;
  const collect = async () => (await pool.gc()) + (await gc());
  // Weighed before the first sample: the snapshot's copy is garbage by then, not in the samples.
  const storeBefore = storeJsonBytes(await pool.snapshot());
  const auditBefore = auditBytes();
  let heapUsed = await collect();
  for (let done = 0; ; done += CHUNK) {
    rss.push([done, process.memoryUsage().rss]);
    heap.push([done, heapUsed]);
    if (done >= rssSample) break;
    await pool.replay(workload(samples, start + done, CHUNK));
    heapUsed = await collect();
  }
  const storeAfter = storeJsonBytes(await pool.snapshot());
  const auditAfter = auditBytes();
  await pool.terminate();
  rmSync(dir, { recursive: true, force: true });
  const one = await oneThread(samples);

  return {
    localEventsPerSecond: many.perSecond,
    /** Per CPU second of the whole process (every thread): the work plus its coordination. */
    localEventsPerCpuSecond: many.perCpuSecond,
    triageWorkers: workers,
    /** The same workload on one LocalRuntime in this thread (`--workers 1`). */
    localEventsPerSecondOneThread: one.perSecond,
    localEventsPerCpuSecondOneThread: one.perCpuSecond,
    rssGrowthMbPer100k: perHundredK(slope(rss) * rssSample, rssSample),
    /** The JS heaps alone (every isolate): what the runtime and its in-memory stores really keep. */
    heapGrowthMbPer100k: perHundredK(slope(heap) * rssSample, rssSample),
    /** What of it is the user's data: the workers' partitions' growth, as the JSON the file store writes. */
    storeJsonMbPer100k: perHundredK(storeAfter - storeBefore, rssSample),
    /** The audit trail the same events appended to `audit.jsonl` (disk, not memory). */
    auditLogMbPer100k: perHundredK(auditAfter - auditBefore, rssSample),
    rssSampleEvents: rssSample,
  };
}

/**
 * The workers' partitions as JSON (what `FileStore` writes), summed record by record so that
 * measuring them does not allocate one string as big as the store. Executions are those the
 * workers started (each holds a copy of the earlier ones); there are no deliveries without Slack.
 */
function storeJsonBytes(parts: WorkerFinal[]): number {
  let bytes = 0;
  for (const part of parts) {
    const records: unknown[][] = [
      Object.values(part.findings),
      Object.values(part.approvals),
      part.suppressions,
      part.executions,
    ];
    for (const list of records) for (const record of list) bytes += Buffer.byteLength(JSON.stringify(record));
  }
  return bytes;
}

/** Least-squares slope of y over x (bytes per event). */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return num / den;
}

function perHundredK(bytes: number, events: number): number {
  return Math.round((bytes / 1024 / 1024) * (100_000 / events) * 10) / 10;
}

if (require.main === module) {
  run().then((r) => console.log(JSON.stringify(r, null, 2)));
}
