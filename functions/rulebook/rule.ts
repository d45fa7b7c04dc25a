import type { RuleBookConfig } from './config';
import type { Inventory } from './inventory';
import type { ActivityEvent } from './model/activity-event';
import type { ComplianceChange } from './model/compliance-change';
import type { CostAnomaly } from './model/cost-anomaly';
import type { Evaluation } from './model/evaluation';
import type { RuleReferences, SeedReference } from './model/finding';
import type { Pillar } from './model/pillar';
import type { ResourceBase } from './model/resource';
import type { Severity } from './model/severity';

/** What a rule judges: a normalized resource, a CloudTrail activity, or a cost anomaly. */
export type AppliesTo =
  | { kind: 'resource'; resourceTypes: readonly string[] }
  /** `resourceTypes: ['*']` means every resource type (tag rules). */
  /** `eventNames: ['*']` means every CloudTrail event (root user activity). */
  | { kind: 'activity'; eventNames: readonly string[]; eventSources?: readonly string[] }
  | { kind: 'cost' }
  /**
   * An AWS Config rule verdict ("Config Rules Compliance Change") that no rule of the book claims
   * through `references.configRules`. The engine never evaluates these; `compliance.ts` does.
   */
  | { kind: 'config-rule' };

export interface RuleContext {
  config: RuleBookConfig;
  /** Other resources in the same scope (template, snapshot, inventory), for cross-resource rules. */
  inventory: Inventory;
  /** Injected so rules with dates (RetireDate, expiry) are testable. */
  now: Date;
}

export interface RuleMeta {
  /** Stable kebab-case id, equal to the file name. Never renamed: findings and suppressions key on it. */
  id: string;
  title: string;
  pillar: Pillar;
  severity: Severity;
  /**
   * The most severe severity a finding of this rule can have, when `evaluate` raises it above
   * `severity` for some inputs (SSH open to the world is critical, another port high). An unknown
   * result is listed, and counted by `--fail-on-unknown`, with this severity unless the rule gives
   * a closer one on the result (`unknown(..., { severity })`): the value set at deploy time could
   * make the worst case. Omitted when every finding has `severity` or less.
   */
  maxSeverity?: Severity;
  appliesTo: AppliesTo;
  source: SeedReference;
  /** Why the rule exists (cdk-nag's "explanation"). */
  rationale: string;
  recommendation: string;
  expectedImpact: string;
  references?: RuleReferences;
  /** Id of a module in rulebook/remediations that fixes a failing resource. */
  remediation?: string;
}

type SubjectOf<A extends AppliesTo, R> = A extends { kind: 'resource' }
  ? R
  : A extends { kind: 'activity' }
    ? ActivityEvent
    : A extends { kind: 'config-rule' }
      ? ComplianceChange
      : CostAnomaly;

export interface Rule<S = unknown> extends RuleMeta {
  evaluate(subject: S, ctx: RuleContext): Evaluation;
}

export type AnyRule = Rule<never>;

/**
 * Declares a rule: metadata beside one pure `evaluate`. The resource model type parameter is only
 * needed for resource rules: `defineRule<S3Bucket>()({...})` is not required, TypeScript infers it
 * from the `evaluate` parameter annotation.
 */
export function defineRule<R extends ResourceBase = ResourceBase, A extends AppliesTo = AppliesTo>(
  rule: RuleMeta & { appliesTo: A; evaluate(subject: SubjectOf<A, R>, ctx: RuleContext): Evaluation },
): Rule<SubjectOf<A, R>> & { appliesTo: A } {
  return Object.freeze(rule);
}
