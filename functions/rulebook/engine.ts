import { createHash } from 'node:crypto';
import { DEFAULT_RULE_BOOK_CONFIG, type RuleBookConfig } from './config';
import { Inventory } from './inventory';
import { type ActivityEvent, actorLabel } from './model/activity-event';
import type { CostAnomaly } from './model/cost-anomaly';
import type { Evaluation } from './model/evaluation';
import type { Finding } from './model/finding';
import { type ResourceBase, type ResourceRef, refOf } from './model/resource';
import type { Severity } from './model/severity';
import type { AnyRule, Rule, RuleContext } from './rule';
import { RULES } from './rules/index';

/** Anything a rule can judge. */
export type Subject = ResourceBase | ActivityEvent | CostAnomaly;

export interface RuleResult {
  rule: AnyRule;
  subject: Subject;
  evaluation: Evaluation;
}

/**
 * The rules, indexed once by what they apply to, with configuration applied (disabled rules
 * removed). Build one per process and reuse it: evaluation is then a map lookup per subject.
 */
export class RuleBook {
  readonly rules: readonly AnyRule[];
  readonly config: RuleBookConfig;
  private readonly byResourceType = new Map<string, AnyRule[]>();
  private readonly forAllResources: AnyRule[] = [];
  private readonly byEventName = new Map<string, AnyRule[]>();
  private readonly forAllActivity: AnyRule[] = [];
  /** `eventSource\neventName` -> the activity rules for it, computed once. */
  private readonly byActivityKey = new Map<string, readonly AnyRule[]>();
  private readonly costRules: AnyRule[] = [];
  /** Resource type -> its own rules then the rules for every type, computed once per type. */
  private readonly byResourceTypeAll = new Map<string, readonly AnyRule[]>();

  constructor(
    rules: Iterable<AnyRule> = Object.values(RULES) as AnyRule[],
    config = DEFAULT_RULE_BOOK_CONFIG,
  ) {
    const disabled = new Set(config.disabledRules);
    this.rules = [...rules].filter((rule) => !disabled.has(rule.id));
    this.config = config;
    for (const rule of this.rules) {
      const applies = rule.appliesTo;
      if (applies.kind === 'resource') {
        for (const type of applies.resourceTypes) {
          if (type === '*') this.forAllResources.push(rule);
          else push(this.byResourceType, type, rule);
        }
      } else if (applies.kind === 'activity') {
        for (const name of applies.eventNames) {
          if (name === '*') this.forAllActivity.push(rule);
          else push(this.byEventName, name, rule);
        }
      } else if (applies.kind === 'cost') {
        this.costRules.push(rule);
      }
    }
  }

  rulesFor(subject: Subject): readonly AnyRule[] {
    if ('kind' in subject) {
      if (subject.kind === 'activity') return this.activityRulesFor(subject);
      if (subject.kind === 'cost-anomaly') return this.costRules;
    }
    const resource = subject as ResourceBase;
    if (resource.deleted) return NO_RULES;
    return this.byResourceTypeAll.get(resource.type) ?? this.resourceRulesFor(resource.type);
  }

  private activityRulesFor(event: ActivityEvent): readonly AnyRule[] {
    const key = `${event.eventSource}\n${event.eventName}`;
    const cached = this.byActivityKey.get(key);
    if (cached) return cached;
    const named = this.byEventName.get(event.eventName) ?? [];
    const candidates = this.forAllActivity.length ? [...named, ...this.forAllActivity] : named;
    const rules = candidates.filter((rule) => {
      const sources = rule.appliesTo.kind === 'activity' ? rule.appliesTo.eventSources : undefined;
      return !sources || sources.includes(event.eventSource);
    });
    // Bounded by the AWS API surface in practice; the cap only guards against hostile input.
    if (this.byActivityKey.size >= 10_000) this.byActivityKey.clear();
    this.byActivityKey.set(key, rules);
    return rules;
  }

  /** Resource type -> its own rules then the rules for every type; computed on first sight. */
  private resourceRulesFor(type: string): readonly AnyRule[] {
    const specific = this.byResourceType.get(type) ?? [];
    const rules = Object.freeze(
      this.forAllResources.length ? [...specific, ...this.forAllResources] : [...specific],
    );
    // One entry per resource type; the cap only guards against hostile input.
    if (this.byResourceTypeAll.size >= 10_000) this.byResourceTypeAll.clear();
    this.byResourceTypeAll.set(type, rules);
    return rules;
  }

  /**
   * Event names the activity rules need: the EventBridge rule filters on exactly these. Rules for
   * every event (`eventNames: ['*']`, e.g. root user activity) are listed by `allActivityRules()`;
   * the ingestion filter matches those on their own field (`userIdentity.type: Root`).
   */
  activityEventNames(): string[] {
    return [...this.byEventName.keys()].sort();
  }

  /** Activity rules that look at every CloudTrail event. */
  allActivityRules(): readonly AnyRule[] {
    return this.forAllActivity;
  }

  /** Resource types some rule looks at. */
  resourceTypes(): string[] {
    return [...this.byResourceType.keys()].sort();
  }
}

const NO_RULES: readonly AnyRule[] = Object.freeze([]);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface EvaluateOptions {
  inventory?: Inventory;
  now?: Date;
}

/** Runs every applicable rule on one subject. A rule that throws yields `unknown`, never a crash. */
export function evaluateSubject(
  subject: Subject,
  book: RuleBook,
  options: EvaluateOptions = {},
): RuleResult[] {
  const ctx: RuleContext = {
    config: book.config,
    inventory: options.inventory ?? Inventory.EMPTY,
    now: options.now ?? new Date(),
  };
  const rules = book.rulesFor(subject);
  const results: RuleResult[] = new Array(rules.length);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as Rule<Subject>;
    results[i] = { rule: rule as AnyRule, subject, evaluation: runRule(rule, subject, ctx) };
  }
  return results;
}

function runRule(rule: Rule<Subject>, subject: Subject, ctx: RuleContext): Evaluation {
  try {
    return rule.evaluate(subject, ctx);
  } catch (error) {
    return {
      status: 'unknown',
      message: `rule ${rule.id} could not evaluate this input: ${(error as Error).message}`,
    };
  }
}

/** Evaluates many subjects that share one scope (a template, a snapshot): they see each other. */
export function evaluateAll(
  subjects: readonly Subject[],
  book: RuleBook,
  options: EvaluateOptions = {},
): RuleResult[] {
  const inventory =
    options.inventory ??
    new Inventory(
      subjects.filter((s): s is ResourceBase => !('kind' in s)),
      { complete: false },
    );
  const out: RuleResult[] = [];
  for (const subject of subjects) {
    for (const result of evaluateSubject(subject, book, { ...options, inventory })) out.push(result);
  }
  return out;
}

/**
 * The severity of a result's finding: the configured override, else the one the rule gave this
 * result, else the rule's. For an unknown result, the severity its finding would have is the most
 * severe one it could have: the rule's `maxSeverity` unless the result says a closer one.
 */
export function resultSeverity(result: RuleResult, book: RuleBook): Severity {
  const { rule, evaluation } = result;
  return (
    book.config.severityOverrides[rule.id] ??
    evaluation.severity ??
    (evaluation.status === 'unknown' ? (rule.maxSeverity ?? rule.severity) : rule.severity)
  );
}

/** The finding for a failed result, or undefined for pass / not-applicable / unknown. */
export function toFinding(result: RuleResult, book: RuleBook, now = new Date()): Finding | undefined {
  const { rule, subject, evaluation } = result;
  if (evaluation.status !== 'fail') return undefined;
  const resource = resourceOf(subject, evaluation);
  const severity = resultSeverity(result, book);
  const finding: Finding = {
    id: findingId(rule.id, resource),
    ruleId: rule.id,
    title: rule.title,
    pillar: rule.pillar,
    severity,
    resource,
    message: evaluation.message,
    evidence: evaluation.evidence ?? {},
    rationale: rule.rationale,
    recommendation: rule.recommendation,
    expectedImpact: rule.expectedImpact,
    source: sourceOf(subject),
    seed: rule.source,
    references: rule.references ?? {},
    ...(rule.remediation && evaluation.withoutFix === undefined ? { remediation: rule.remediation } : {}),
    observedAt: observedAt(subject, now),
  };
  if ('kind' in subject && subject.kind === 'activity') {
    finding.actor = {
      label: actorLabel(subject.actor),
      ...(subject.actor.arn ? { arn: subject.actor.arn } : {}),
      ...(subject.sourceIpAddress ? { sourceIpAddress: subject.sourceIpAddress } : {}),
      ...(subject.userAgent ? { userAgent: subject.userAgent } : {}),
    };
  }
  return finding;
}

/**
 * The check that passed, for a pass result: the store resolves the open finding with this id. For
 * activity rules a pass names the resource the call repaired (StartLogging on the trail that was
 * stopped), so the id matches the finding the earlier call opened.
 */
export function toPassedCheck(
  result: RuleResult,
): { findingId: string; ruleId: string; resource: ResourceRef } | undefined {
  if (result.evaluation.status !== 'pass') return undefined;
  const resource = resourceOf(result.subject, result.evaluation);
  return { findingId: findingId(result.rule.id, resource), ruleId: result.rule.id, resource };
}

/** Stable: rule id + resource identity. The same problem seen twice is one finding. */
export function findingId(ruleId: string, resource: ResourceRef): string {
  const identity = [ruleId, resource.accountId ?? '', resource.region ?? '', resource.type, resource.id];
  if (resource.location) identity.push(resource.location.file);
  return createHash('sha256').update(identity.join('|')).digest('hex').slice(0, 24);
}

function resourceOf(subject: Subject, evaluation: Evaluation): ResourceRef {
  if ('kind' in subject) {
    const base = { accountId: subject.accountId, region: subject.region };
    if (evaluation.resource) return { ...base, ...evaluation.resource };
    if (subject.kind === 'cost-anomaly') return { ...base, type: 'AWS::CE::Anomaly', id: subject.anomalyId };
    return { ...base, type: 'AWS::::Account', id: subject.accountId };
  }
  return refOf(subject);
}

function sourceOf(subject: Subject): Finding['source'] {
  if ('kind' in subject) return subject.kind === 'activity' ? 'cloudtrail' : 'cost';
  return subject.source;
}

function observedAt(subject: Subject, now: Date): string {
  if ('kind' in subject)
    return subject.kind === 'activity' ? subject.eventTime : (subject.endDate ?? now.toISOString());
  return now.toISOString();
}
