import { Option } from 'commander';
import { closestId } from '../../rulebook/config';
import { evaluateAll, RuleBook, type RuleResult } from '../../rulebook/engine';
import { Inventory } from '../../rulebook/inventory';
import type { ResourceRef } from '../../rulebook/model/resource';
import type { Severity } from '../../rulebook/model/severity';
import { maskSecrets, resultsOnDefaults } from '../../rulebook/parameter-defaults';
import { RULES } from '../../rulebook/rules/index';
import type { InputProblem } from '../errors';
import { loadScope, type Scope } from '../inputs/scopes';
import { expandScanPath } from '../inputs/templates';
import type { Io } from '../io';
import { addReportOptions, collectParameter, type FormatName, ruleBookConfig } from '../options';
import { type Report, ReportBuilder } from '../report';
import { type CommandContext, emit, forEachInputFile } from './shared';

export interface ScanOptions {
  format: FormatName;
  failOn: Severity;
  failOnUnknown?: boolean;
  config?: string;
  parameter: Record<string, string>;
  verbose?: boolean;
}

export function registerScan(program: import('commander').Command, ctx: CommandContext): void {
  const command = program
    .command('scan')
    .description(
      'Check CloudFormation templates (JSON/YAML), cdk.out folders and AWS Config snapshot files against the rule book',
    )
    .argument(
      '<paths...>',
      'template files, folders of templates, cdk.out folders or Config snapshot files (.json, .json.gz)',
    );
  addReportOptions(command)
    .addOption(
      new Option(
        '-p, --parameter <Key=Value>',
        'template parameter value, repeatable, as deployed (overrides its Default; a parameter with neither is unknown)',
      )
        .argParser(collectParameter)
        .default({}, 'none'),
    )
    .option('-v, --verbose', 'list the files of a folder that were skipped (not CloudFormation templates)')
    .action((paths: string[], options: ScanOptions) => {
      const book = ctx.ruleBook(ruleBookConfig(options.config, ctx));
      const report = scanReport(paths, options, ctx.io, book, ctx.ruleIds);
      ctx.setExitCode(emit(report, options.format, book, ctx.io, { verbose: options.verbose === true }));
    });
}

/**
 * The whole scan without printing: every path expanded, each template or snapshot evaluated as one
 * complete scope. An unusable input is recorded as an error and the others are still scanned.
 */
export function scanReport(
  paths: readonly string[],
  options: Pick<ScanOptions, 'failOn' | 'failOnUnknown' | 'parameter'>,
  io: Io,
  book = new RuleBook(),
  ruleIds: ReadonlySet<string> = new Set([...Object.keys(RULES), ...book.rules.map((rule) => rule.id)]),
): Report {
  const builder = new ReportBuilder(book);
  const expand = (arg: string, cwd: string) => {
    const { files, skipped } = expandScanPath(arg, cwd);
    builder.addSkippedFiles(skipped);
    return files;
  };
  const templates: Array<{ file: string; parameters: string[] }> = [];
  forEachInputFile(paths, expand, io, builder, (file) => {
    const scope = loadScope(file, options.parameter, ruleIds);
    builder.addFile(file.display);
    if (scope.kind === 'template') templates.push({ file: scope.file, parameters: scope.parameters });
    evaluateScope(scope, book, builder);
  });
  for (const problem of unknownParameters(options.parameter, templates)) builder.addError(problem);
  return builder.build(options.failOn, { failOnUnknown: options.failOnUnknown === true });
}

export function evaluateScope(scope: Scope, book: RuleBook, builder: ReportBuilder): void {
  const inventory = new Inventory(scope.resources, { complete: scope.incomplete !== true });
  const options = { inventory, now: new Date() };
  const results = evaluateAll(scope.resources, book, options);
  const defaults = scope.defaults && resultsOnDefaults(results, scope.defaults, book, options);
  maskSecrets(results, scope.secrets);
  const suppressionOf = (ruleId: string, resource: ResourceRef) =>
    scope.suppressions.get(resource.location?.logicalId ?? resource.id)?.get(ruleId);
  builder.addResults(results, {
    originOf: () => scope.file,
    ...(scope.suppressions.size > 0 ? { suppressionOf } : {}),
    ...(defaults && defaults.size > 0 ? { defaultsOf: (result: RuleResult) => defaults.get(result) } : {}),
  });
  builder.addSubjects(scope.resources.length);
  builder.addUnsupported(scope.unsupported);
  builder.addSkipped(scope.skipped);
  if (scope.defaults) builder.addParameterDefaults(scope.file, scope.defaults.used);
  if (scope.transforms.length > 0) builder.addTransformed({ file: scope.file, transforms: scope.transforms });
  for (const problem of scope.problems) builder.addError(problem);
}

/**
 * `--parameter` names no template scanned declares (a typo, or the wrong case: parameter names are
 * case-sensitive) would otherwise leave the parameter unknown with no word said. Not checked when no
 * template was read (snapshots only, or every template unusable: that is reported already).
 */
function unknownParameters(
  given: Record<string, string>,
  templates: ReadonlyArray<{ file: string; parameters: string[] }>,
): InputProblem[] {
  if (templates.length === 0) return [];
  const declared = new Set(templates.flatMap((t) => t.parameters));
  const problems: InputProblem[] = [];
  for (const name of Object.keys(given)) {
    if (declared.has(name)) continue;
    const sameBut = [...declared].find((p) => p.toLowerCase() === name.toLowerCase());
    const near = sameBut ?? closestId(name, declared);
    const hint =
      near === undefined
        ? ''
        : ` (did you mean "${near}"?${near.toLowerCase() === name.toLowerCase() ? ' names are case-sensitive' : ''})`;
    const list = (parameters: string[]) => (parameters.length > 0 ? parameters.join(', ') : 'none');
    if (templates.length === 1) {
      const [only] = templates;
      problems.push({
        file: only!.file,
        message: `--parameter ${name}: the template has no parameter "${name}"${hint}; its parameters: ${list(only!.parameters)}`,
      });
    } else {
      problems.push({
        file: '--parameter',
        message: `${name}: no template scanned has a parameter "${name}"${hint}; parameters: ${templates.map((t) => `${t.file}: ${list(t.parameters)}`).join('; ')}`,
      });
    }
  }
  return problems;
}
