import type { Evidence } from './evaluation';
import type { Pillar } from './pillar';
import type { FindingSource, ResourceRef } from './resource';
import type { SeedId } from './seeds';
import type { Severity } from './severity';

export interface RuleReferences {
  /** AWS Security Hub control ids, e.g. `S3.1`. */
  securityHub?: string[];
  /** AWS Config managed rule identifiers, e.g. `S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED`. */
  configRules?: string[];
}

/**
 * A template parameter's `Default` that a check was evaluated with, because no `--parameter` gave
 * the parameter a value: a deploy that sets the parameter can change the result.
 */
export interface ParameterDefault {
  parameter: string;
  /** The default as written in the template (a list as `a,b`); absent for a `NoEcho` parameter. */
  value?: string;
  /** The parameter is `NoEcho`: its default is never shown. */
  noEcho?: true;
}

export interface SeedReference {
  /** Seed file number, e.g. `001`. */
  seed: SeedId;
  section: string;
}

/**
 * A failed check, as every output (CLI json, Slack, SNS, report) sees it. `id` is stable:
 * the same rule on the same resource is the same finding, however often it is seen.
 */
export interface Finding {
  id: string;
  ruleId: string;
  title: string;
  pillar: Pillar;
  severity: Severity;
  resource: ResourceRef;
  message: string;
  evidence: Evidence;
  rationale: string;
  recommendation: string;
  expectedImpact: string;
  source: FindingSource;
  seed: SeedReference;
  references: RuleReferences;
  remediation?: string;
  /** For activity findings: who did it, from where. */
  actor?: { label: string; arn?: string; sourceIpAddress?: string; userAgent?: string };
  /** When the evidence was observed (event time, capture time, or scan time). */
  observedAt: string;
  /**
   * Templates only: the parameter defaults this result depends on (the check decided otherwise, or
   * not at all, without them). Absent when the result does not depend on a default.
   */
  parameterDefaults?: ParameterDefault[];
}
