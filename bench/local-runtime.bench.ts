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
 * Executions run with up to CONCURRENCY in flight, as Express executions do. The stores are the
 * file store `npm start` uses, in a temporary folder (never flushed: that happens once, at exit).
 *
 * - `localEventsPerSecond`: events triaged per wall-clock second (goal >= 2,000);
 *   `localEventsPerCpuSecond`: per CPU second of this process (what one free core sustains).
 * - `rssGrowthMbPer100k`: RSS growth per 100,000 events, after 40k events of warm-up: the slope of
 *   RSS sampled after a forced GC every 5k events over `rssSampleEvents` (40k) events, scaled to 100k
 *   (goal <= 50). `heapGrowthMbPer100k` is the JS heap alone; it includes the legitimate growth of the
 *   in-memory stores (new findings and approvals). `storeJsonMbPer100k` is that legitimate state on
 *   its own: the growth of the records the store keeps in memory, as the JSON the file store writes,
 *   over the same events; `auditLogMbPer100k` is what the audit trail appended to its file (on disk,
 *   not in memory).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
import { LocalRuntime } from '../functions/local/runtime';
import { RuleBook } from '../functions/rulebook/engine';

const ROOT = join(__dirname, '..');
const CONCURRENCY = 16;
const WARM_UP = 10_000;
const SETTLE = 10_000;
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

/** Event `n` of the workload: a sample event with a fresh id (and a renamed bucket every 4th round). */
function eventAt(samples: unknown[], n: number): unknown {
  const base = samples[n % samples.length] as Json;
  const round = Math.floor(n / samples.length);
  const event: Json = { ...base, id: `bench-${n}` };
  const detail = base.detail as Json | undefined;
  const item = detail?.configurationItem as Json | undefined;
  if (item && item.resourceType === 'AWS::S3::Bucket' && round % 4 === 0) {
    const name = `bench-bucket-${round}`;
    event.detail = {
      ...detail,
      configurationItem: { ...item, resourceId: name, resourceName: name, ARN: `arn:aws:s3:::${name}` },
    };
  }
  return event;
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

/**
 * A full GC after the current job ends: WeakRefs (AbortSignal.any inside the library) keep their
 * targets alive until then, which would count as growth.
 */
async function gc(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  await new Promise((r) => setTimeout(r, 100));
  collect();
  collect();
}

export async function run(): Promise<Record<string, number>> {
  const samples = sampleEvents();
  const dir = mkdtempSync(join(tmpdir(), 'compliance-bot-bench-state-'));
  const store = FileStore.open(dir);
  const auditBytes = () => statSync(join(dir, 'audit.jsonl')).size;
  const runtime = makeRuntime(store);
  // Warm-up: compiles the definitions, JITs the handlers, fills the stores with the steady state.
  await drive(runtime, samples, 0, WARM_UP);

  const measured = 20_000;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await drive(runtime, samples, WARM_UP, measured);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;

  // RSS keeps rising for the first ~30k events (V8 grows its heap spaces, the allocator its arenas),
  // then stays flat: settle first, so the sample measures growth, not warm-up.
  await drive(runtime, samples, WARM_UP + measured, SETTLE);
  // Memory is sampled after a full GC every CHUNK events and the growth is the least-squares slope
  // over all samples: two end points alone swing by tens of MB with where the allocator happens to
  // return pages to the system.
  const rssSample = 40_000;
  const CHUNK = 5_000;
  const rss: Array<[number, number]> = [];
  const heap: Array<[number, number]> = [];
  const start = WARM_UP + measured + SETTLE;
  await gc();
  const storeBefore = storeJsonBytes(store);
  const auditBefore = auditBytes();
  for (let done = 0; ; done += CHUNK) {
    const usage = process.memoryUsage();
    rss.push([done, usage.rss]);
    heap.push([done, usage.heapUsed]);
    if (done >= rssSample) break;
    await drive(runtime, samples, start + done, CHUNK);
    await gc();
  }
  const storeAfter = storeJsonBytes(store);
  const auditAfter = auditBytes();
  runtime.stop();
  rmSync(dir, { recursive: true, force: true });

  return {
    localEventsPerSecond: Math.round(measured / seconds),
    /** The same per CPU second of this process: what one free core does (the wall figure drops on a busy machine). */
    localEventsPerCpuSecond: Math.round(measured / cpuSeconds),
    rssGrowthMbPer100k: perHundredK(slope(rss) * rssSample, rssSample),
    /** The JS heap alone: what the runtime and its in-memory stores really keep. */
    heapGrowthMbPer100k: perHundredK(slope(heap) * rssSample, rssSample),
    /** What of it is the user's data: the in-memory store's growth, as the JSON the file store writes. */
    storeJsonMbPer100k: perHundredK(storeAfter - storeBefore, rssSample),
    /** The audit trail the same events appended to `audit.jsonl` (disk, not memory). */
    auditLogMbPer100k: perHundredK(auditAfter - auditBefore, rssSample),
    rssSampleEvents: rssSample,
  };
}

/**
 * The store's state as JSON (what `FileStore` writes), summed record by record so that measuring
 * it does not allocate one string as big as the store.
 */
function storeJsonBytes(store: MemoryStore): number {
  const state = store.snapshot();
  const parts: unknown[][] = [
    Object.values(state.findings),
    Object.values(state.approvals),
    state.audit,
    state.suppressions,
    state.history,
    state.executions,
    Object.entries(state.deliveries ?? {}),
  ];
  let bytes = 0;
  for (const part of parts) for (const record of part) bytes += Buffer.byteLength(JSON.stringify(record));
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
