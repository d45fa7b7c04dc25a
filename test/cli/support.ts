import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { captureIo } from '../../functions/cli/io';
import { run } from '../../functions/cli/main';
import type { AnyRule } from '../../functions/rulebook/rule';
import s3BucketBlocksPublicAccess from '../../functions/rulebook/rules/security/s3-bucket-blocks-public-access';

/**
 * The rule set the CLI tests run with unless they ask for the registry: exact counts and totals
 * must not change when other branches register more rules.
 */
export const PINNED_RULES: readonly AnyRule[] = [s3BucketBlocksPublicAccess as AnyRule];

/** The repository root: fixture paths in tests are relative to it, as a user would type them. */
export const ROOT = join(__dirname, '..', '..');
export const CLI_FIXTURES = 'test/fixtures/cli';

/** One event of every kind `evaluate` handles (test/fixtures/events), as in the docs/cli.md example. */
export const EVERY_EVENT_KIND = [
  'config-ci-s3-bucket.json',
  'config-ci-oversized.json',
  'config-rules-compliance-change.json',
  'cloudtrail-stoplogging.json',
  'ce-anomaly-detected.json',
] as const;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, from the repository root (or `cwd`), pinned rules by default. */
export async function cli(
  argv: string[],
  options: {
    cwd?: string;
    env?: Record<string, string>;
    tty?: boolean;
    /** The terminal width stdout reports: 120 unless given, null for none (not a terminal). */
    columns?: number | null;
    rules?: readonly AnyRule[] | 'registry';
  } = {},
): Promise<CliResult> {
  const io = captureIo({
    cwd: options.cwd ?? ROOT,
    env: options.env ?? {},
    tty: options.tty ?? false,
    ...(options.columns !== undefined ? { columns: options.columns } : {}),
  });
  const rules = options.rules ?? PINNED_RULES;
  const code = await run(argv, io, rules === 'registry' ? {} : { rules });
  return { code, stdout: io.out(), stderr: io.err() };
}

/**
 * A scratch folder with the given files (strings, or objects written as JSON; `.gz` names gzipped);
 * a name with `/` is written in its sub-folder.
 */
export function scratch(files: Record<string, string | object>): string {
  const dir = mkdtempSync(join(tmpdir(), 'compliance-bot-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const text = typeof content === 'string' ? content : JSON.stringify(content);
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), name.endsWith('.gz') ? gzipSync(text) : text);
  }
  return dir;
}

export function json<T = Record<string, unknown>>(text: string): T {
  return JSON.parse(text) as T;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escape sequences is the point
export const ANSI = /\u001b\[[0-9;]*m/;
