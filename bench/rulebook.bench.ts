/**
 * Rule book speed, three figures measured in the same process (ratios, so the machine cancels out):
 *
 * - `evalVsParseRatio`: normalize + every rule on >= 100,000 generated Config items, over
 *   `JSON.parse` of the same items serialized. Goal <= 0.5: the rule book costs less than reading
 *   its input.
 * - `itemsPerSecond`: items normalized and evaluated per second on one core. Goal >= 100,000.
 * - `scanVsCdkNagSpeedup`: cdk-nag's AwsSolutions pack (CfnInclude + synth) over the time of
 *   `compliance-bot scan` (in-process) on the same templates. Goal >= 20.
 *
 * Items are clones of the `configurationItem` of every EventBridge Config event under
 * `test/fixtures/**` whose type has a normalizer, so types added later are measured automatically.
 * Each figure is the median of several runs after a warm-up, in CPU time of this process (the
 * machine is shared with other work, so wall-clock time would be noise).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Io } from '../functions/cli/io';
import { run as runCli } from '../functions/cli/main';
import { evaluateSubject, RuleBook } from '../functions/rulebook/engine';
import { normalizeConfigItem, normalizerFor } from '../functions/rulebook/normalizers/load';
import { normalizeTemplate } from '../functions/rulebook/normalizers/load-template';
import type { Goal } from './run';

const ROOT = join(__dirname, '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');

export const goals: Record<string, Goal> = {
  evalVsParseRatio: { op: '<=', value: 0.5 },
  itemsPerSecond: { op: '>=', value: 100_000 },
  scanVsCdkNagSpeedup: { op: '>=', value: 20 },
};

const ITEMS = 100_000;
const BATCH = 10_000;
const RUNS = 5;
/** A scan of a few templates takes milliseconds: more runs make its median steady. */
const SCAN_RUNS = 21;
const NAG_RUNS = 5;

function filesUnder(dir: string, accept: (name: string) => boolean): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return e.name.startsWith('asset.') ? [] : filesUnder(path, accept);
      return accept(e.name) ? [path] : [];
    });
}

/** The configuration items of every Config item change event in the fixtures, of supported types. */
export function configItemSeeds(): Array<Record<string, unknown>> {
  const seeds: Array<Record<string, unknown>> = [];
  for (const file of filesUnder(FIXTURES, (n) => n.endsWith('.json'))) {
    let body: unknown;
    try {
      body = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    const event = body as { source?: unknown; detail?: { configurationItem?: Record<string, unknown> } };
    const item = event?.detail?.configurationItem;
    if (event?.source !== 'aws.config' || !item || typeof item.resourceType !== 'string') continue;
    if (!normalizerFor(item.resourceType)) continue;
    seeds.push(item);
  }
  return seeds;
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

/** Runs `fn` with console and process output swallowed (cdk-nag prints every violation). */
function quietly<T>(fn: () => T): T {
  const out = process.stdout.write;
  const err = process.stderr.write;
  const log = console.log;
  const error = console.error;
  const warn = console.warn;
  const swallow = (() => true) as typeof process.stdout.write;
  process.stdout.write = swallow;
  process.stderr.write = swallow;
  console.log = console.error = console.warn = () => {};
  try {
    return fn();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    console.log = log;
    console.error = error;
    console.warn = warn;
  }
}

/**
 * Milliseconds of CPU (user + system) this process used since `start`: the machine is shared, so
 * wall-clock time would bill other processes' work to ours. "On one core" is what the goals mean.
 */
function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Sums per run over all batches, so memory holds one batch (about 10,000 items) at a time. */
function measureRuleBook(): { evalMs: number; parseMs: number; items: number } {
  const seeds = configItemSeeds();
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

/** Templates under test/fixtures (templates/, cli/, any other folder) that are CloudFormation templates. */
export function benchTemplates(): string[] {
  const candidates = filesUnder(FIXTURES, (n) => /\.(ya?ml|json)$/.test(n));
  return candidates.filter((file) => {
    const text = readFileSync(file, 'utf8');
    if (text.includes('"configurationItems"') || text.includes('"detail-type"')) return false;
    try {
      const template = normalizeTemplate(text, file);
      return template.resources.length + template.unsupported.length > 0;
    } catch {
      return false;
    }
  });
}

const SILENT: Io = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  cwd: ROOT,
  env: {},
};

async function measureScan(files: string[]): Promise<number> {
  const args = ['scan', ...files.map((f) => relative(ROOT, f)), '--format', 'json'];
  for (let w = 0; w < 5; w++) await runCli(args, SILENT);
  const times: number[] = [];
  for (let r = 0; r < SCAN_RUNS; r++) {
    const t = process.cpuUsage();
    await runCli(args, SILENT);
    times.push(cpuMs(t));
  }
  return median(times);
}

/** cdk-nag 3 AwsSolutions over each template: CfnInclude into a Stack, validation plugin, synth. */
function measureCdkNag(files: string[]): { ms: number; includeFailures: number } {
  const { App, Stack, Validations } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const { CfnInclude } =
    require('aws-cdk-lib/cloudformation-include') as typeof import('aws-cdk-lib/cloudformation-include');
  const { AwsSolutionsChecks } = require('cdk-nag') as typeof import('cdk-nag');
  let includeFailures = 0;
  const once = () => {
    const outdir = mkdtempSync(join(tmpdir(), 'bench-cdk-nag-'));
    try {
      files.forEach((file, i) => {
        const app = new App({ outdir: join(outdir, String(i)), context: { 'aws:cdk:bundling-stacks': [] } });
        const stack = new Stack(app, `Bench${i}`);
        try {
          new CfnInclude(stack, 'Template', { templateFile: file });
        } catch {
          includeFailures++;
          return;
        }
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
        try {
          app.synth();
        } catch {
          // cdk-nag violations make synth throw: that is its report.
        }
      });
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  };
  quietly(once);
  includeFailures = 0;
  const times: number[] = [];
  for (let r = 0; r < NAG_RUNS; r++) {
    const t = process.cpuUsage();
    quietly(once);
    times.push(cpuMs(t));
  }
  return { ms: median(times), includeFailures: includeFailures / NAG_RUNS };
}

export async function run(): Promise<Record<string, number>> {
  const rb = measureRuleBook();
  process.stderr.write(
    `  rule book: ${rb.items} items, evaluate ${rb.evalMs.toFixed(0)} ms, JSON.parse ${rb.parseMs.toFixed(0)} ms (CPU ms, medians)\n`,
  );
  const templates = benchTemplates();
  const scanMs = await measureScan(templates);
  const nag = measureCdkNag(templates);
  process.stderr.write(
    `  ${templates.length} templates: scan ${scanMs.toFixed(1)} ms, cdk-nag ${nag.ms.toFixed(0)} ms (CPU, medians)` +
      (nag.includeFailures
        ? `; CfnInclude failed on ${nag.includeFailures} template(s), not counted\n`
        : '\n'),
  );
  return {
    evalVsParseRatio: rb.evalMs / rb.parseMs,
    itemsPerSecond: (rb.items / rb.evalMs) * 1000,
    scanVsCdkNagSpeedup: nag.ms / scanMs,
  };
}
