/**
 * The rule book measurement loop, shared by `rulebook.bench.ts` (in the bench's own process, under
 * tsx: the rule book as the CLI runs it) and `rulebook-worker.ts` (bundled with the Lambdas'
 * `esbuildOptions()` and run in a child `node`: the rule book as the Lambdas run it), so the two
 * figures come from the same items, warm-up, repetitions and `JSON.parse` baseline.
 */
import { evaluateSubject, RuleBook } from '../functions/rulebook/engine';
import { normalizeConfigItem } from '../functions/rulebook/normalizers/load';

export const ITEMS = 100_000;
const BATCH = 10_000;
const RUNS = 5;

export interface RuleBookTimes {
  /** Median CPU ms to normalize + evaluate all items. */
  evalMs: number;
  /** Median CPU ms to `JSON.parse` the same items serialized, in the same process. */
  parseMs: number;
  items: number;
}

/** Item `i`: a seed with a new identity and some of its booleans flipped, so rules see both outcomes. */
export function generateItem(
  seeds: ReadonlyArray<Record<string, unknown>>,
  i: number,
): Record<string, unknown> {
  const seed = seeds[i % seeds.length]!;
  const item = structuredClone(seed);
  const suffix = `-${i.toString(36)}`;
  item.resourceId = `${String(seed.resourceId)}${suffix}`;
  if (typeof seed.resourceName === 'string') item.resourceName = `${seed.resourceName}${suffix}`;
  if (typeof seed.ARN === 'string') item.ARN = `${seed.ARN}${suffix}`;
  // Which booleans flip depends on the round over the seeds, so each seed's clones differ.
  const round = Math.floor(i / seeds.length);
  flipBooleans(item.configuration, round);
  flipBooleans(item.supplementaryConfiguration, round);
  return item;
}

function flipBooleans(value: unknown, i: number, depth = 0): void {
  if (depth > 3 || typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  let k = 0;
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (typeof v === 'boolean' && (i + k++) % 3 === 0) record[key] = !v;
    else flipBooleans(v, i, depth + 1);
  }
}

/**
 * Milliseconds of CPU (user + system) this process used since `start`: the machine is shared, so
 * wall-clock time would bill other processes' work to ours. "On one core" is what the goals mean.
 */
export function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Normalize + evaluate `ITEMS` items generated from `seeds`, and `JSON.parse` of the same items,
 * `RUNS` times each after a warm-up. Sums per run over all batches, so memory holds one batch
 * (about 10,000 items) at a time.
 */
export function measureRuleBook(seeds: ReadonlyArray<Record<string, unknown>>): RuleBookTimes {
  if (seeds.length === 0) throw new Error('no Config item change event of a supported type in test/fixtures');
  const book = new RuleBook();
  const now = new Date('2026-11-22T12:00:00Z');
  const options = { now };
  const parseRuns = new Array<number>(RUNS).fill(0);
  const evalRuns = new Array<number>(RUNS).fill(0);
  let sink = 0;
  const evaluate = (items: unknown[]) => {
    for (const item of items)
      sink += evaluateSubject(normalizeConfigItem(item, 'snapshot'), book, options).length;
  };
  // Warm-up: let the JIT see every normalizer and rule before timing.
  const warm = Array.from({ length: Math.min(BATCH, 5_000) }, (_, i) => generateItem(seeds, i));
  const warmText = JSON.stringify(warm);
  for (let i = 0; i < 3; i++) {
    JSON.parse(warmText);
    evaluate(JSON.parse(warmText) as unknown[]);
  }
  for (let start = 0; start < ITEMS; start += BATCH) {
    const text = JSON.stringify(Array.from({ length: BATCH }, (_, i) => generateItem(seeds, start + i)));
    const items = JSON.parse(text) as unknown[];
    for (let r = 0; r < RUNS; r++) {
      let t = process.cpuUsage();
      sink += (JSON.parse(text) as unknown[]).length;
      parseRuns[r]! += cpuMs(t);
      t = process.cpuUsage();
      evaluate(items);
      evalRuns[r]! += cpuMs(t);
    }
  }
  if (sink === 0) throw new Error('nothing was evaluated');
  return { evalMs: median(evalRuns), parseMs: median(parseRuns), items: ITEMS };
}
