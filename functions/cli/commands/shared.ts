import type { Command } from 'commander';
import type { RuleBookConfig } from '../../rulebook/config';
import type { RuleBook } from '../../rulebook/engine';
import { formatProblem, problemOf } from '../errors';
import { FORMATS, type FormatName } from '../formats/index';
import { displayPath } from '../inputs/read';
import { type InputFile, uniqueFiles } from '../inputs/templates';
import { colorsFor, type Io } from '../io';
import { exitCodeOf, type Report, type ReportBuilder } from '../report';

/** What a command registration gets: where to write and how to report its exit code. */
export interface CommandContext {
  io: Io;
  setExitCode(code: number): void;
  /** The rule book for this run: the registered rules (or those a test passed to `run`) + config. */
  ruleBook(config: RuleBookConfig): RuleBook;
  /** Every rule id a `--config` file may name: the registry's, plus those of rules a test passed. */
  ruleIds: ReadonlySet<string>;
}

/** Adds one sub-command to the program; `main.ts` lists them, one line each. */
export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

/** Renders the report on stdout, one line per input problem on stderr; returns the exit code. */
export function emit(
  report: Report,
  format: FormatName,
  book: RuleBook,
  io: Io,
  options: { verbose?: boolean } = {},
): number {
  const columns = io.stdout.columns ?? (Number(io.env.COLUMNS) || undefined);
  const text = FORMATS[format](report, {
    book,
    colors: colorsFor(io.stdout, io.env),
    verbose: options.verbose === true,
    ...(columns ? { columns } : {}),
  });
  io.stdout.write(text);
  for (const problem of report.summary.errors) io.stderr.write(`compliance-bot: ${formatProblem(problem)}\n`);
  return exitCodeOf(report);
}

/** `[3/40] path` on stderr, only when stderr is a terminal and there is more than one file. */
export function progress(io: Io, total: number): { tick(i: number, label: string): void; done(): void } {
  if (!io.stderr.isTTY || total < 2) return { tick() {}, done() {} };
  return {
    tick(i, label) {
      io.stderr.write(`\r\x1b[K[${i + 1}/${total}] ${label}`);
    },
    done() {
      io.stderr.write('\r\x1b[K');
    },
  };
}

/**
 * The input loop of `scan` and `evaluate`: every argument expanded (a cdk.out folder into its
 * templates, for scan), each file visited once however often or however spelt it was given (see
 * `uniqueFiles`), with progress. An unusable argument or file is recorded as an input error and the
 * others are still visited.
 */
export function forEachInputFile(
  args: readonly string[],
  expand: (arg: string, cwd: string) => InputFile[],
  io: Io,
  builder: ReportBuilder,
  visit: (file: InputFile) => void,
): void {
  const expanded: InputFile[] = [];
  for (const arg of args) {
    try {
      expanded.push(...expand(arg, io.cwd));
    } catch (error) {
      builder.addError(problemOf(error, displayPath(arg, io.cwd)));
    }
  }
  const files = uniqueFiles(expanded);
  const bar = progress(io, files.length);
  files.forEach((file, i) => {
    bar.tick(i, file.display);
    try {
      visit(file);
    } catch (error) {
      builder.addError(problemOf(error, file.display));
    }
  });
  bar.done();
}
