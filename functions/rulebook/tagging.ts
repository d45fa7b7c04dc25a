import type { RuleBookConfig } from './config';
import { type Evaluation, notApplicable, unknown } from './model/evaluation';
import type { ResourceBase, Tags } from './model/resource';
import { type Maybe, Unknown } from './model/unknown';

/**
 * Shared scope for the tag rules (seed 004 "Tag Validation Rules"). Every tag rule applies to every
 * resource type (`resourceTypes: ['*']`) and narrows itself here:
 * - `config.tagPolicy.resourceTypes` non-empty: only those types;
 * - `resource.taggable === false` (inline IAM policy in a template, configuration recorder): not applicable;
 * - tags hidden behind an intrinsic: unknown;
 * - `tags: {}` on a taggable resource: a resource with no tags (the mandatory-tag rule fails it).
 * Tag keys are matched exactly, as AWS does (keys are case-sensitive).
 */
/**
 * The evaluations `taggedScope` returns, known by identity: a resource's own tags can look like an
 * evaluation (tags named `status` and `message`), so shape alone can't tell them apart.
 */
const SCOPE_RESULTS = new WeakSet<Evaluation>();

function scopeResult(evaluation: Evaluation): Evaluation {
  SCOPE_RESULTS.add(evaluation);
  return evaluation;
}

const NOT_TAGGABLE = scopeResult(Object.freeze(notApplicable('The resource cannot carry tags in this form')));

export function taggedScope(resource: ResourceBase, config: RuleBookConfig): Tags | Evaluation {
  const types = config.tagPolicy.resourceTypes;
  if (types.length > 0 && !types.includes(resource.type)) {
    return scopeResult(notApplicable(`${resource.type} is not in the tag policy's resource types`));
  }
  if (resource.taggable === false) return NOT_TAGGABLE;
  const tags = resource.tags;
  if (tags instanceof Unknown) return scopeResult(unknown('The tags are set at deploy time', tags));
  return tags ?? {};
}

/** True when `taggedScope` decided the rule's outcome (out of scope, not taggable, unknown tags). */
export function isEvaluation(value: Tags | Evaluation): value is Evaluation {
  return SCOPE_RESULTS.has(value as Evaluation);
}

/** A tag's value: string, Unknown, or undefined when the key is absent (or set to an empty string). */
export function tagValue(tags: Tags, key: string): Maybe<string> | undefined {
  const value = tags[key];
  if (value instanceof Unknown) return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value;
}

/** `PIILevel` values that trigger the seed's conditional rules. */
export function piiLevel(tags: Tags): Maybe<string> | undefined {
  const value = tagValue(tags, 'PIILevel');
  return typeof value === 'string' ? value.trim().toLowerCase() : value;
}

/** `ComplianceRequired` as a list: `SOC2`, `SOC2,PCI-DSS`, `SOC2 HIPAA` or `SOC2/HIPAA`. */
export function complianceList(value: string): string[] {
  return value
    .split(COMPLIANCE_SEPARATORS)
    .map((v) => v.trim().toUpperCase())
    .filter((v) => v !== '');
}

const COMPLIANCE_SEPARATORS = /[,;/\s|+]+/;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` and a real calendar date (no 2025-02-30). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}
