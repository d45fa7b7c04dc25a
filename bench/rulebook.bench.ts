/**
 * Rule book speed, five figures, each a ratio or rate measured within one process (ratios, so the
 * machine cancels out):
 *
 * - `evalVsParseRatio`: normalize + every rule on >= 100,000 generated Config items, over
 *   `JSON.parse` of the same items serialized. Goal <= 0.5: the rule book costs less than reading
 *   its input.
 * - `itemsPerSecond`: items normalized and evaluated per second on one core. Goal >= 100,000.
 * - `evalVsParseRatioBundled`, `itemsPerSecondBundled`: the same two figures for the rule book as the
 *   Lambdas run it, same goals. The two above run it in this process under tsx, as the CLI
 *   (`bin/compliance-bot.js`) does; tsx's CJS transform turns every cross-module call into a getter
 *   call. These bundle `rulebook-worker.ts` with the handlers' `esbuildOptions()` (minify, target,
 *   mainFields) into a temp dir and run it in a child `node` on the same seed items. Both paths call
 *   the one `measureRuleBook` (`rulebook-measure.ts`): same items, warm-up, repetitions, and a
 *   `JSON.parse` baseline timed in the same process as the evaluation.
 * - `scanVsCdkNagSpeedup`: cdk-nag's AwsSolutions pack (CfnInclude + synth) over the time of
 *   `compliance-bot scan` (in-process) on the same templates. Goal >= 20.
 *
 * Items are clones of the `configurationItem` of every EventBridge Config event under
 * `test/fixtures/**` whose type has a normalizer, so types added later are measured automatically.
 * Each figure is the median of several runs after a warm-up, in CPU time of the measuring process
 * (the machine is shared with other work, so wall-clock time would be noise).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import type { Io } from '../functions/cli/io';
import { run as runCli } from '../functions/cli/main';
import { normalizerFor } from '../functions/rulebook/normalizers/load';
import { normalizeTemplate } from '../functions/rulebook/normalizers/load-template';
import { esbuildOptions } from '../infra/constructs/checker-function';
import { cpuMs, measureRuleBook, median, type RuleBookTimes } from './rulebook-measure';
import type { Goal } from './run';

export { generateItem } from './rulebook-measure';

const ROOT = join(__dirname, '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');

export const goals: Record<string, Goal> = {
  evalVsParseRatio: { op: '<=', value: 0.5 },
  itemsPerSecond: { op: '>=', value: 100_000 },
  evalVsParseRatioBundled: { op: '<=', value: 0.5 },
  itemsPerSecondBundled: { op: '>=', value: 100_000 },
  scanVsCdkNagSpeedup: { op: '>=', value: 20 },
};

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

export const notes = [
  '*Bundled: the rule book bundled with esbuildOptions() as the Lambdas run it; the others run it under tsx, as the CLI does.',
];

/**
 * The same measurement as the Lambdas run the rule book: the worker (which calls the same
 * `measureRuleBook`) bundled with the handlers' `esbuildOptions()` and run in a child `node`, on the
 * same seed items written to a file.
 */
async function measureRuleBookBundled(seeds: ReadonlyArray<Record<string, unknown>>): Promise<RuleBookTimes> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rulebook-'));
  try {
    const outfile = join(dir, 'rulebook-worker.js');
    const seedsFile = join(dir, 'seeds.json');
    await build({ ...esbuildOptions('bench/rulebook-worker.ts'), outfile, logLevel: 'warning' });
    writeFileSync(seedsFile, JSON.stringify(seeds));
    const out = execFileSync(process.execPath, [outfile, seedsFile], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    return JSON.parse(out.trim().split('\n').pop()!) as RuleBookTimes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
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

function describeRuleBook(label: string, rb: RuleBookTimes): void {
  process.stderr.write(
    `  rule book (${label}): ${rb.items} items, evaluate ${rb.evalMs.toFixed(0)} ms, JSON.parse ${rb.parseMs.toFixed(0)} ms (CPU ms, medians)\n`,
  );
}

export async function run(): Promise<Record<string, number>> {
  const seeds = configItemSeeds();
  const rb = measureRuleBook(seeds);
  describeRuleBook('tsx, as the CLI', rb);
  const bundled = await measureRuleBookBundled(seeds);
  describeRuleBook('bundled, as the Lambdas', bundled);
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
    evalVsParseRatioBundled: bundled.evalMs / bundled.parseMs,
    itemsPerSecondBundled: (bundled.items / bundled.evalMs) * 1000,
    scanVsCdkNagSpeedup: nag.ms / scanMs,
  };
}
