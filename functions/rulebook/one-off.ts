import type { Finding } from './model/finding';
import type { AppliesTo } from './rule';

/**
 * One-off findings: judged from one event (a CloudTrail call such as a root sign-in, StopLogging,
 * DeleteDetector; a cost anomaly), not from the state of a resource. No later Config change passes
 * them, and most have no event that undoes them, so they stay open until a person acknowledges them
 * (functions/approvals/acknowledge.ts). A state finding closes when its check passes again, or is
 * accepted with a suppression; it is never acknowledged.
 */
const ONE_OFF_KINDS: ReadonlySet<AppliesTo['kind']> = new Set(['activity', 'cost']);

/** The rule judges events (activity, cost anomalies): its findings are one-off. */
export function isOneOffRule(rule: { appliesTo: AppliesTo }): boolean {
  return ONE_OFF_KINDS.has(rule.appliesTo.kind);
}

/**
 * The finding came from a one-off rule. Read from the finding's `source`, which the engine derives
 * from what the rule judged (`cloudtrail` for activity rules, `cost` for cost rules: engine.ts
 * `sourceOf`), so the notification and the approval endpoint decide without loading the rule book.
 */
export function isOneOffFinding(finding: Pick<Finding, 'source'>): boolean {
  return finding.source === 'cloudtrail' || finding.source === 'cost';
}
