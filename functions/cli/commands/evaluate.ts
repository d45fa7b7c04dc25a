import type { Command } from 'commander';
import { findingFromComplianceChange } from '../../rulebook/compliance';
import { evaluateAll, RuleBook, type Subject } from '../../rulebook/engine';
import { UnsupportedResourceError } from '../../rulebook/errors';
import type { ComplianceChange } from '../../rulebook/model/compliance-change';
import type { Finding } from '../../rulebook/model/finding';
import type { Severity } from '../../rulebook/model/severity';
import { classifyEvent } from '../../rulebook/normalizers/events/classify';
import { activityFromRecord } from '../../rulebook/normalizers/events/cloudtrail-record';
import { problemOf } from '../errors';
import { type EventEntry, readEventFile } from '../inputs/events';
import { inputFile } from '../inputs/templates';
import type { Io } from '../io';
import { addReportOptions, type FormatName, ruleBookConfig } from '../options';
import { type Report, ReportBuilder } from '../report';
import { type CommandContext, emit, forEachInputFile } from './shared';

export interface EvaluateOptions {
  format: FormatName;
  failOn: Severity;
  failOnUnknown?: boolean;
  config?: string;
}

export function registerEvaluate(program: Command, ctx: CommandContext): void {
  const command = program
    .command('evaluate')
    .description(
      'Evaluate EventBridge events (one JSON event, JSON lines) or CloudTrail log files ({"Records": [...]}, .json.gz)',
    )
    .argument('<files...>', 'event files');
  addReportOptions(command).action((files: string[], options: EvaluateOptions) => {
    const book = ctx.ruleBook(ruleBookConfig(options.config, ctx));
    const report = evaluateReport(files, options, ctx.io, book);
    ctx.setExitCode(emit(report, options.format, book, ctx.io));
  });
}

/**
 * Every event of every file through `classifyEvent` and the engine, as the triage state machine does.
 * Events are judged one by one (no complete inventory: absence of a resource proves nothing). A file
 * given twice, or spelt two ways, is read once, as in `scan`.
 */
export function evaluateReport(
  files: readonly string[],
  options: Pick<EvaluateOptions, 'failOn' | 'failOnUnknown'>,
  io: Io,
  book = new RuleBook(),
): Report {
  const builder = new ReportBuilder(book);
  const subjects: Subject[] = [];
  const origins = new Map<Subject, string>();
  const toFile = (arg: string, cwd: string) => [inputFile(arg, cwd)];
  forEachInputFile(files, toFile, io, builder, ({ path, display: file }) => {
    const { entries, problems } = readEventFile(path, file);
    builder.addFile(file);
    for (const problem of problems) builder.addError(problem);
    const before = subjects.length;
    for (const entry of entries) collect(entry, file, subjects, builder, book);
    for (let s = before; s < subjects.length; s++) origins.set(subjects[s]!, file);
  });
  builder.addResults(evaluateAll(subjects, book), { originOf: (subject) => origins.get(subject) });
  builder.addSubjects(subjects.length);
  return builder.build(options.failOn, { failOnUnknown: options.failOnUnknown === true });
}

function collect(
  entry: EventEntry,
  file: string,
  subjects: Subject[],
  builder: ReportBuilder,
  book: RuleBook,
): void {
  const where = {
    file,
    ...(entry.line !== undefined ? { line: entry.line } : {}),
    ...(entry.item !== undefined ? { item: entry.item } : {}),
  };
  try {
    if (entry.kind === 'record') {
      subjects.push(activityFromRecord(entry.value));
      return;
    }
    const event = classifyEvent(entry.value);
    switch (event.kind) {
      case 'resource':
        subjects.push(event.resource);
        break;
      case 'activity':
        subjects.push(event.activity);
        break;
      case 'cost-anomaly':
        subjects.push(event.anomaly);
        break;
      case 'oversized-config-item':
        builder.addNeedsFetch(event.summary, where);
        break;
      case 'compliance-change': {
        const finding = findingFromComplianceChangeHook(event.change, book);
        if (finding) builder.addFinding(finding);
        else builder.addComplianceChange(event.change, where);
        break;
      }
    }
  } catch (error) {
    if (error instanceof UnsupportedResourceError) {
      builder.addUnsupported([{ file, type: error.resourceType, id: configItemId(entry.value) }]);
    } else {
      builder.addError(problemOf(error, file, where));
    }
  }
}

/**
 * "Config Rules Compliance Change" events: a NON_COMPLIANT verdict mapped to a rule book rule becomes
 * that rule's finding; anything else stays listed in `summary.complianceChanges`.
 */
function findingFromComplianceChangeHook(change: ComplianceChange, book: RuleBook): Finding | undefined {
  const outcome = findingFromComplianceChange(change, book, new Date());
  return outcome.kind === 'finding' ? outcome.finding : undefined;
}

function configItemId(event: unknown): string {
  const id = (event as { detail?: { configurationItem?: { resourceId?: unknown } } } | null)?.detail
    ?.configurationItem?.resourceId;
  return typeof id === 'string' ? id : '(unknown id)';
}
