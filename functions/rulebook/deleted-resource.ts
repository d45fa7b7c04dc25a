import { findingId, type RuleBook } from './engine';
import type { ResolutionReason } from './model/resolution';
import { type ResourceBase, type ResourceRef, refOf } from './model/resource';

/** A check that no longer applies because the resource is gone (the port's PassedCheck, with its reason). */
export interface DeletedResourceCheck {
  findingId: string;
  ruleId: string;
  resource: ResourceRef;
  reason: ResolutionReason;
}

/**
 * A deleted resource's findings, to resolve: one check per rule of the book for its type (the
 * findings those rules, or a Config rule mapped onto them, can have opened on it: a state finding's
 * id is rule + resource), each with `reason`. The store resolves those that are open and ignores the
 * others. Not included: findings of CloudTrail activity rules, which record a call that happened
 * (resolved by the call that undoes it, not by the deletion), and findings of Config rules the book
 * does not know (`config-rule-non-compliant`), which AWS Config itself resolves: its rules report
 * NOT_APPLICABLE for a deleted resource ("Managing Deleted Resources for AWS Config Custom Lambda
 * Rules", AWS Config developer guide), and that compliance change resolves the finding.
 */
export function deletedResourceChecks(
  resource: ResourceBase,
  book: RuleBook,
  reason: ResolutionReason,
): DeletedResourceCheck[] {
  const ref = refOf(resource);
  // The rules of the type as for a live resource (the book applies none to a deleted one).
  const rules = book.rulesFor(Object.assign({}, resource, { deleted: false }));
  return rules.map((rule) => ({
    findingId: findingId(rule.id, ref),
    ruleId: rule.id,
    resource: ref,
    reason,
  }));
}

/** The reason a deletion resolves a finding with: what AWS Config recorded, and when. */
export function deletionReason(status: string | undefined, capturedAt: string | undefined): ResolutionReason {
  const what = status ? `AWS Config recorded ${status}` : 'AWS Config recorded its deletion';
  return {
    code: 'resource-deleted',
    text: `the resource was deleted (${what}${capturedAt ? ` at ${capturedAt}` : ''})`,
  };
}
