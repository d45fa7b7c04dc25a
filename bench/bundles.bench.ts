import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { HANDLERS } from '../functions/handlers/manifest';
import { esbuildOptions, HOUSE_BUNDLING, PROJECT_ROOT } from '../infra/constructs/checker-function';

/**
 * Bundle size and cold-start cost of every Lambda handler, built exactly as the CDK construct
 * builds them (`esbuildOptions()` mirrors `HOUSE_BUNDLING`: minify, no source map, node22 target,
 * CJS, `mainFields: ['module','main']`, SDK bundled).
 *
 * - `maxBundleKb`: the largest handler bundle (goal ≤ 300).
 * - `initVsEmptyRatio`: median wall time of a fresh Node process that loads the slowest bundle,
 *   over the same for an empty handler bundled the same way (goal ≤ 1.3). The wall time includes
 *   Node's own start, as a Lambda cold start includes the runtime's; `requireMs*` are the module
 *   initialisation alone (time inside the process around `require`).
 * Each measurement is a median over many child processes; the slowest bundle is picked on a first,
 * shorter pass, then measured again with more runs alongside the empty bundle.
 */
const SCREEN_RUNS = 5;
const FINAL_RUNS = 21;

/** What the handlers read at module scope; dummy values, nothing is called during init. */
const CHILD_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'example',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_SERVICE_NAME: 'bench',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  POWERTOOLS_TRACE_ENABLED: 'false',
  TABLE_NAME: 'bench-table',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:bench',
  SLACK_BOT_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:bench',
  SLACK_SIGNING_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:bench-signing',
  SLACK_CHANNEL: 'C0123456789',
  APPROVERS: '{"critical":["U0123456789"],"high":[],"medium":[],"low":[],"info":[]}',
  REPORT_BUCKET: 'bench-bucket',
  REPORT_KMS_KEY_ARN: 'arn:aws:kms:us-east-1:111122223333:key/bench',
  REMEDIATION_ROLE_NAME: 'bench',
  REMEDIATION_READ_ROLE_NAME: 'bench',
};

const CHILD_SCRIPT =
  "const {performance}=require('node:perf_hooks');const t=performance.now();require(process.argv[1]);" +
  'process.stdout.write(String(performance.now()-t));';

interface Sample {
  wallMs: number;
  requireMs: number;
}

// With the SDK external, Lambda's runtime provides it; locally it resolves from node_modules.
const childEnv = HOUSE_BUNDLING.bundleAwsSDK
  ? CHILD_ENV
  : { ...CHILD_ENV, NODE_PATH: join(PROJECT_ROOT, 'node_modules') };

function measureOnce(file: string): Sample {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['-e', CHILD_SCRIPT, file], { env: childEnv, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) throw new Error(`loading ${file} failed:\n${child.stderr.slice(-2000)}`);
  return { wallMs, requireMs: Number(child.stdout) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function measure(file: string, runs: number): { wallMs: number; requireMs: number } {
  const samples: Sample[] = [];
  measureOnce(file); // warm the file system cache
  for (let i = 0; i < runs; i++) samples.push(measureOnce(file));
  return { wallMs: median(samples.map((s) => s.wallMs)), requireMs: median(samples.map((s) => s.requireMs)) };
}

async function bundle(entry: string, outfile: string): Promise<number> {
  await build({ ...esbuildOptions(entry), outfile, write: true, logLevel: 'silent' });
  return statSync(outfile).size;
}

export async function run(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'bundles-bench-'));
  try {
    const emptyEntry = join(dir, 'empty.ts');
    writeFileSync(emptyEntry, 'export const handler = async () => ({});\n');
    const emptyFile = join(dir, 'empty.js');
    await bundle(emptyEntry, emptyFile);

    const bundles: Array<{ name: string; file: string; bytes: number }> = [];
    for (const handler of HANDLERS) {
      const file = join(dir, `${handler.name}.js`);
      bundles.push({ name: handler.name, file, bytes: await bundle(handler.entry, file) });
    }
    const largest = bundles.reduce((a, b) => (b.bytes > a.bytes ? b : a));

    const screened = bundles.map((b) => ({ ...b, ...measure(b.file, SCREEN_RUNS) }));
    const slowest = screened.reduce((a, b) => (b.wallMs > a.wallMs ? b : a));
    // Interleave the two final series so machine noise hits both alike.
    const emptySamples: Sample[] = [];
    const slowSamples: Sample[] = [];
    measureOnce(emptyFile);
    for (let i = 0; i < FINAL_RUNS; i++) {
      emptySamples.push(measureOnce(emptyFile));
      slowSamples.push(measureOnce(slowest.file));
    }
    const emptyWall = median(emptySamples.map((s) => s.wallMs));
    const slowWall = median(slowSamples.map((s) => s.wallMs));

    console.log(
      `bundles (${HOUSE_BUNDLING.bundleAwsSDK ? 'SDK bundled' : 'SDK external'}), KB / init wall ms:`,
    );
    for (const b of screened) {
      console.log(
        `  ${b.name.padEnd(18)} ${(b.bytes / 1024).toFixed(0).padStart(5)} KB  ${b.wallMs.toFixed(0)} ms`,
      );
    }
    console.log(
      `  largest ${largest.name}, slowest ${slowest.name}; empty handler ${emptyWall.toFixed(0)} ms`,
    );

    return {
      maxBundleKb: Math.round(largest.bytes / 1024),
      initVsEmptyRatio: Number((slowWall / emptyWall).toFixed(3)),
      slowestInitWallMs: Number(slowWall.toFixed(1)),
      emptyInitWallMs: Number(emptyWall.toFixed(1)),
      slowestRequireMs: Number(median(slowSamples.map((s) => s.requireMs)).toFixed(1)),
      emptyRequireMs: Number(median(emptySamples.map((s) => s.requireMs)).toFixed(2)),
      handlers: bundles.length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then((result) => console.log(JSON.stringify(result, null, 2)));
}
