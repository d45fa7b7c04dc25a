import type { RuleBook, RuleResult } from '../rulebook/engine';
import { resultSeverity, toFinding } from '../rulebook/engine';
import type { ComplianceChange } from '../rulebook/model/compliance-change';
import type { Finding, ParameterDefault } from '../rulebook/model/finding';
import { PILLARS, type Pillar } from '../rulebook/model/pillar';
import { type ResourceBase, type ResourceRef, refOf } from '../rulebook/model/resource';
import { atLeast, bySeverityDesc, SEVERITIES, type Severity } from '../rulebook/model/severity';
import type { OversizedConfigItem } from '../rulebook/normalizers/events/classify';
import { type PillarScore, pillarScores } from '../rulebook/scoring';
import type { InputProblem } from './errors';
import type { UnsupportedResource } from './inputs/scopes';

/** A check that could not decide (a value hidden behind an intrinsic, a rule that threw). */
export interface UnknownResult {
  ruleId: string;
  pillar: Pillar;
  /** The severity a failure of this check would have: what `--fail-on-unknown` compares. */
  severity: Severity;
  resource: ResourceRef;
  /** Why the rule could not tell. */
  message: string;
  /** The parameter defaults the check was evaluated with, when they changed its message. */
  parameterDefaults?: ParameterDefault[];
  /** The template accepts this rule's finding on this resource: not counted by `--fail-on-unknown`. */
  suppression?: { kind: 'inSource'; reason: string };
}

/** A parameter default the scan used, because no `--parameter` gave the parameter a value. */
export interface AssumedDefault extends ParameterDefault {
  file: string;
}

/** What `addResults` needs to know about the input the results come from. */
export interface ResultSource {
  /** The input file a subject came from, for findings without a template location. */
  originOf?: (subject: RuleResult['subject']) => string | undefined;
  /** The reason a rule's finding on a resource is accepted in the template, if it is. */
  suppressionOf?: (ruleId: string, resource: ResourceRef) => string | undefined;
  /** The parameter defaults a result depends on (see rulebook/parameter-defaults.ts), if any. */
  defaultsOf?: (result: RuleResult) => ParameterDefault[] | undefined;
}

/** An oversized configuration item: only its summary arrived, the item must be fetched from AWS. */
export interface NeedsFetch {
  file: string;
  line?: number;
  item?: string;
  resourceType: string;
  resourceId: string;
  accountId: string;
  region: string;
  s3Location?: string;
  reason: string;
}

export interface ComplianceChangeEntry extends ComplianceChange {
  file: string;
  line?: number;
  item?: string;
}

/** A finding accepted in the template (resource `Metadata`): shown, but not counted for `--fail-on`. */
export interface SuppressedFinding extends Finding {
  suppression: { kind: 'inSource'; reason: string };
}

/** A template with a Transform (SAM): the resources its macros create or change are not checked. */
export interface TransformedTemplate {
  file: string;
  transforms: string[];
}

export interface Summary {
  /** Files read (templates, snapshots, event files), relative to the working folder. */
  filesScanned: string[];
  /** Resources, activity events and cost anomalies the rules looked at. */
  subjectsEvaluated: number;
  checks: { total: number; passed: number; failed: number; unknown: number; notApplicable: number };
  findings: number;
  /** Findings suppressed in the template with a reason: not in `findings`, `bySeverity` or `failed`. */
  suppressed: number;
  bySeverity: Record<Severity, number>;
  byPillar: Record<Pillar, number>;
  pillarScores: PillarScore[];
  unknown: UnknownResult[];
  unsupportedTypes: Array<{ type: string; count: number; resources: Array<{ file: string; id: string }> }>;
  /**
   * Template resources left out because their `Condition` is false with the parameters given (and,
   * when `defaults` is set, the parameter defaults it was decided with).
   */
  skippedByCondition: SkippedByCondition[];
  /**
   * Parameter defaults the templates were evaluated with, one entry per template and parameter: a
   * deploy that sets the parameter can change the results (`--parameter` checks another value).
   */
  parameterDefaults: AssumedDefault[];
  needsFetch: NeedsFetch[];
  /** Templates with a Transform: their transformed resources are not checked (see docs/cli.md). */
  transformed: TransformedTemplate[];
  /** Files of the folders given to `scan` that are not CloudFormation templates, so not scanned. */
  skippedFiles: string[];
  complianceChanges: ComplianceChangeEntry[];
  errors: InputProblem[];
  failOn: Severity;
  /** `--fail-on-unknown`: an unknown check at or above `failOn` (not suppressed) also fails the run. */
  failOnUnknown: boolean;
  /**
   * True when some finding is at or above `failOn`, or with `failOnUnknown` some unknown check is
   * (exit code 1 unless an input was unusable).
   */
  failed: boolean;
}

export interface SkippedByCondition {
  file: string;
  id: string;
  type: string;
  condition: string;
  defaults?: ParameterDefault[];
}

export interface Report {
  findings: Finding[];
  /** Findings suppressed in the template, with the reason; sorted like `findings`. */
  suppressed: SuppressedFinding[];
  summary: Summary;
  /**
   * The input file of each finding that has no template location (snapshot, event and log files),
   * by finding id: SARIF needs a file for every result. Not part of the JSON output.
   */
  origins: ReadonlyMap<string, string>;
}

/**
 * Accumulates the results of a run (many files, many scopes) and builds the one report every
 * output format renders. Findings are deduplicated by their stable id.
 */
export class ReportBuilder {
  private readonly results: RuleResult[] = [];
  private readonly findings = new Map<string, Finding>();
  private readonly suppressed = new Map<string, SuppressedFinding>();
  private readonly transformed: TransformedTemplate[] = [];
  private readonly origins = new Map<string, string>();
  private readonly unknown: UnknownResult[] = [];
  private readonly unsupported: UnsupportedResource[] = [];
  private readonly skipped: SkippedByCondition[] = [];
  private readonly defaults: AssumedDefault[] = [];
  private readonly needsFetch: NeedsFetch[] = [];
  private readonly skippedFiles: string[] = [];
  private readonly complianceChanges: ComplianceChangeEntry[] = [];
  private readonly errors: InputProblem[] = [];
  private readonly files: string[] = [];
  private subjects = 0;

  constructor(
    readonly book: RuleBook,
    private readonly now = new Date(),
  ) {}

  addFile(file: string): void {
    this.files.push(file);
  }

  addSubjects(count: number): void {
    this.subjects += count;
  }

  addResults(results: readonly RuleResult[], source: ResultSource = {}): void {
    const { originOf, suppressionOf, defaultsOf } = source;
    for (const result of results) {
      this.results.push(result);
      const status = result.evaluation.status;
      if (status === 'fail') {
        const finding = toFinding(result, this.book, this.now);
        if (!finding) continue;
        const defaults = defaultsOf?.(result);
        if (defaults) finding.parameterDefaults = defaults;
        const reason = suppressionOf?.(finding.ruleId, finding.resource);
        if (reason !== undefined) {
          if (!this.suppressed.has(finding.id)) {
            this.suppressed.set(
              finding.id,
              Object.assign(finding, { suppression: { kind: 'inSource' as const, reason } }),
            );
          }
        } else if (!this.findings.has(finding.id)) {
          this.findings.set(finding.id, finding);
          const origin = finding.resource.location ? undefined : originOf?.(result.subject);
          if (origin) this.origins.set(finding.id, origin);
        }
      } else if (status === 'unknown') {
        const resource = subjectRef(result);
        const entry: UnknownResult = {
          ruleId: result.rule.id,
          pillar: result.rule.pillar,
          severity: this.severityOf(result),
          resource,
          message: result.evaluation.message,
        };
        const defaults = defaultsOf?.(result);
        if (defaults) entry.parameterDefaults = defaults;
        const reason = suppressionOf?.(result.rule.id, resource);
        if (reason !== undefined) entry.suppression = { kind: 'inSource', reason };
        this.unknown.push(entry);
      }
    }
  }

  /** The severity the finding of a result has, or would have: overrides first, as `toFinding`. */
  private severityOf(result: RuleResult): Severity {
    return resultSeverity(result, this.book);
  }

  /** A finding made outside the engine (a Config compliance change mapped to a rule). */
  addFinding(finding: Finding): void {
    if (!this.findings.has(finding.id)) this.findings.set(finding.id, finding);
  }

  addUnsupported(list: readonly UnsupportedResource[]): void {
    this.unsupported.push(...list);
  }

  addSkipped(list: readonly SkippedByCondition[]): void {
    this.skipped.push(...list);
  }

  /** The parameter defaults one template was evaluated with. */
  addParameterDefaults(file: string, defaults: readonly ParameterDefault[]): void {
    for (const d of defaults) this.defaults.push(Object.assign({ file }, d));
  }

  addTransformed(template: TransformedTemplate): void {
    this.transformed.push(template);
  }

  addSkippedFiles(files: readonly string[]): void {
    this.skippedFiles.push(...files);
  }

  addNeedsFetch(summary: OversizedConfigItem, where: { file: string; line?: number; item?: string }): void {
    this.needsFetch.push({
      ...where,
      resourceType: summary.resourceType,
      resourceId: summary.resourceId,
      accountId: summary.accountId,
      region: summary.region,
      ...(summary.s3Location ? { s3Location: summary.s3Location } : {}),
      reason:
        'oversized configuration item: the event carries only a summary; the full item must be fetched ' +
        '(GetResourceConfigHistory or the S3 delivery), which the offline scanner does not do',
    });
  }

  addComplianceChange(change: ComplianceChange, where: { file: string; line?: number; item?: string }): void {
    this.complianceChanges.push({ ...change, ...where });
  }

  addError(problem: InputProblem): void {
    this.errors.push(problem);
  }

  get hasErrors(): boolean {
    return this.errors.length > 0;
  }

  build(failOn: Severity, options: { failOnUnknown?: boolean } = {}): Report {
    const failOnUnknown = options.failOnUnknown === true;
    const findings = [...this.findings.values()].sort(compareFindings);
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    const byPillar = Object.fromEntries(PILLARS.map((p) => [p, 0])) as Record<Pillar, number>;
    for (const finding of findings) {
      bySeverity[finding.severity]++;
      byPillar[finding.pillar]++;
    }
    const scores = pillarScores(this.results, (r) => this.severityOf(r));
    const checks = { total: this.results.length, passed: 0, failed: 0, unknown: 0, notApplicable: 0 };
    for (const score of scores) {
      checks.passed += score.passed;
      checks.failed += score.failed;
      checks.unknown += score.unknown;
      checks.notApplicable += score.notApplicable;
    }
    return {
      findings,
      suppressed: [...this.suppressed.values()].sort(compareFindings),
      origins: new Map(this.origins),
      summary: {
        filesScanned: [...this.files],
        subjectsEvaluated: this.subjects,
        checks,
        findings: findings.length,
        suppressed: this.suppressed.size,
        bySeverity,
        byPillar,
        pillarScores: scores,
        unknown: [...this.unknown],
        unsupportedTypes: groupUnsupported(this.unsupported),
        skippedByCondition: [...this.skipped],
        parameterDefaults: [...this.defaults],
        needsFetch: [...this.needsFetch],
        transformed: [...this.transformed],
        skippedFiles: [...this.skippedFiles],
        complianceChanges: [...this.complianceChanges],
        errors: sortedProblems(this.errors),
        failOn,
        failOnUnknown,
        failed:
          findings.some((f) => atLeast(f.severity, failOn)) ||
          (failOnUnknown && this.unknown.some((u) => countsForFailOn(u, failOn))),
      },
    };
  }
}

/** An unknown check `--fail-on-unknown` counts: at or above `--fail-on`, and not accepted in the template. */
export function countsForFailOn(unknown: UnknownResult, failOn: Severity): boolean {
  return unknown.suppression === undefined && atLeast(unknown.severity, failOn);
}

/** 0 clean, 1 a finding at or above `--fail-on`, 2 an input was unusable (even with findings). */
export function exitCodeOf(report: Report): number {
  if (report.summary.errors.length > 0) return 2;
  return report.summary.failed ? 1 : 0;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    bySeverityDesc(a.severity, b.severity) ||
    PILLARS.indexOf(a.pillar) - PILLARS.indexOf(b.pillar) ||
    a.ruleId.localeCompare(b.ruleId) ||
    (a.resource.location?.file ?? '').localeCompare(b.resource.location?.file ?? '') ||
    a.resource.id.localeCompare(b.resource.id)
  );
}

function groupUnsupported(list: readonly UnsupportedResource[]): Summary['unsupportedTypes'] {
  const byType = new Map<string, Array<{ file: string; id: string }>>();
  for (const u of list) {
    const entry = { file: u.file, id: u.id };
    const existing = byType.get(u.type);
    if (existing) existing.push(entry);
    else byType.set(u.type, [entry]);
  }
  return [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, resources]) => ({ type, count: resources.length, resources }));
}

/** What a result is about, as `toFinding` names it: the resource, or the account / anomaly of an event. */
function subjectRef(result: RuleResult): ResourceRef {
  const subject = result.subject;
  if (!('kind' in subject)) return refOf(subject as ResourceBase);
  const base = { accountId: subject.accountId, region: subject.region };
  if (result.evaluation.resource) return { ...base, ...result.evaluation.resource };
  if (subject.kind === 'cost-anomaly') return { ...base, type: 'AWS::CE::Anomaly', id: subject.anomalyId };
  return { ...base, type: 'AWS::::Account', id: subject.accountId };
}

/** Problems in input order: by file (first seen first), then by line within the file. */
function sortedProblems(problems: readonly InputProblem[]): InputProblem[] {
  const fileOrder = new Map<string, number>();
  for (const p of problems) if (!fileOrder.has(p.file)) fileOrder.set(p.file, fileOrder.size);
  return problems
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        fileOrder.get(a.p.file)! - fileOrder.get(b.p.file)! || (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i,
    )
    .map(({ p }) => p);
}
