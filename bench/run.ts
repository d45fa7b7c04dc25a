/**
 * `npm run bench [-- name...]`: runs every `bench/*.bench.ts` module (or those whose file name
 * contains one of the given names), merges their figures into `out/bench.json` (a flat
 * `{ "name": number }` object; keys written by other modules are kept) and prints a table.
 *
 * The module contract: `export async function run(): Promise<Record<string, number>>`, and
 * optionally `export const goals: Record<string, Goal>` so the table can show each goal and whether
 * the figure meets it, and `export const notes: string[]`, one-line explanations printed under the
 * table.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Goal {
  /** `<=`: the figure must be at most `value`; `>=`: at least. */
  op: '<=' | '>=';
  value: number;
}

export interface BenchModule {
  run(): Promise<Record<string, number>>;
  goals?: Record<string, Goal>;
  notes?: readonly string[];
}

const ROOT = join(__dirname, '..');
export const BENCH_JSON = join(ROOT, 'out', 'bench.json');

export function benchFiles(filters: readonly string[] = []): string[] {
  return readdirSync(__dirname)
    .filter((name) => name.endsWith('.bench.ts'))
    .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
    .sort();
}

export function readFigures(path = BENCH_JSON): Record<string, number> {
  if (!existsSync(path)) return {};
  try {
    const body = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, number>)
      : {};
  } catch {
    return {};
  }
}

/** Previous figures with the new ones on top, keys sorted so diffs stay small. */
export function mergeFigures(
  previous: Record<string, number>,
  next: Record<string, number>,
): Record<string, number> {
  const merged = { ...previous, ...next };
  return Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((key) => [key, merged[key]!]),
  );
}

export function meets(value: number, goal: Goal): boolean {
  return goal.op === '<=' ? value <= goal.value : value >= goal.value;
}

function formatNumber(value: number): string {
  if (Number.isInteger(value) || Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(3);
}

async function main(): Promise<void> {
  const files = benchFiles(process.argv.slice(2));
  if (files.length === 0) {
    console.error('no bench/*.bench.ts module matches');
    process.exitCode = 2;
    return;
  }
  const rows: Array<{ module: string; name: string; value: number; goal?: Goal }> = [];
  const notes: string[] = [];
  let figures: Record<string, number> = {};
  for (const file of files) {
    process.stderr.write(`running ${file}...\n`);
    const mod = require(join(__dirname, file)) as BenchModule;
    const result = await mod.run();
    for (const [name, value] of Object.entries(result)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new Error(`${file}: figure ${name} is not a finite number: ${String(value)}`);
      }
      rows.push({ module: file, name, value, ...(mod.goals?.[name] ? { goal: mod.goals[name] } : {}) });
    }
    for (const note of mod.notes ?? []) notes.push(`${file}: ${note}`);
    figures = { ...figures, ...result };
  }
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  writeFileSync(BENCH_JSON, `${JSON.stringify(mergeFigures(readFigures(), figures), null, 2)}\n`);
  const table = [
    ['module', 'figure', 'value', 'goal', ''],
    ...rows.map((r) => [
      r.module,
      r.name,
      formatNumber(r.value),
      r.goal ? `${r.goal.op} ${formatNumber(r.goal.value)}` : '',
      r.goal ? (meets(r.value, r.goal) ? 'ok' : 'MISSED') : '',
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table)
    console.log(
      row
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
  if (notes.length > 0) console.log(`\n${notes.join('\n')}`);
  console.log(`\nwritten to ${BENCH_JSON}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
