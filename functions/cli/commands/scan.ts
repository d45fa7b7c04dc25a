import { Option } from 'commander';
import { evaluateAll, RuleBook } from '../../rulebook/engine';
import { Inventory } from '../../rulebook/inventory';
import type { Severity } from '../../rulebook/model/severity';
import { loadScope, type Scope } from '../inputs/scopes';
import { expandScanPath } from '../inputs/templates';
import type { Io } from '../io';
import {
  collectParameter,
  configOption,
  type FormatName,
  failOnOption,
  formatOption,
  ruleBookConfig,
} from '../options';
import { type Report, ReportBuilder } from '../report';
import { type CommandContext, emit, forEachInputFile } from './shared';

export interface ScanOptions {
  format: FormatName;
  failOn: Severity;
  config?: string;
  parameter: Record<string, string>;
}

export function registerScan(program: import('commander').Command, ctx: CommandContext): void {
  program
    .command('scan')
    .description(
      'Check CloudFormation templates (JSON/YAML), cdk.out folders and AWS Config snapshot files against the rule book',
    )
    .argument('<paths...>', 'template files, cdk.out folders or Config snapshot files (.json, .json.gz)')
    .addOption(formatOption())
    .addOption(failOnOption())
    .addOption(configOption())
    .addOption(
      new Option(
        '-p, --parameter <Key=Value>',
        'template parameter value, repeatable; a parameter not given is unknown (its template Default is not used)',
      )
        .argParser(collectParameter)
        .default({}, 'none'),
    )
    .action((paths: string[], options: ScanOptions) => {
      const book = ctx.ruleBook(ruleBookConfig(options.config, ctx));
      const report = scanReport(paths, options, ctx.io, book);
      ctx.setExitCode(emit(report, options.format, book, ctx.io));
    });
}

/**
 * The whole scan without printing: every path expanded, each template or snapshot evaluated as one
 * complete scope. An unusable input is recorded as an error and the others are still scanned.
 */
export function scanReport(
  paths: readonly string[],
  options: Pick<ScanOptions, 'failOn' | 'parameter'>,
  io: Io,
  book = new RuleBook(),
): Report {
  const builder = new ReportBuilder(book);
  forEachInputFile(paths, expandScanPath, io, builder, (file) => {
    const scope = loadScope(file, options.parameter);
    builder.addFile(file.display);
    evaluateScope(scope, book, builder);
  });
  return builder.build(options.failOn);
}

export function evaluateScope(scope: Scope, book: RuleBook, builder: ReportBuilder): void {
  const inventory = new Inventory(scope.resources, { complete: true });
  builder.addResults(evaluateAll(scope.resources, book, { inventory }), () => scope.file);
  builder.addSubjects(scope.resources.length);
  builder.addUnsupported(scope.unsupported);
  builder.addSkipped(scope.skipped);
  for (const problem of scope.problems) builder.addError(problem);
}
