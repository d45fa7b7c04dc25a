import type { Finding } from '../rulebook/model/finding';
import { SEVERITY_RANK } from '../rulebook/model/severity';

/**
 * One fix of one resource. Several rules can offer the same remediation for one resource (a bucket
 * whose Block Public Access is off and whose policy is public: both offer
 * `s3-put-public-access-block`); one event that opens both must ask once, not twice. Record groups
 * the findings of one event due a remediation by this key, and starts one remediation execution per
 * group: its lead's, covering the others. Pure.
 */

/**
 * The fix and the resource's identity (account, region, type, id): findings with the same key are
 * fixed by the same plan. Undefined for a finding without a fix.
 */
export function fixKey(finding: Pick<Finding, 'remediation' | 'resource'>): string | undefined {
  if (!finding.remediation) return undefined;
  const r = finding.resource;
  return `${finding.remediation}\0${r.accountId ?? ''}\0${r.region ?? ''}\0${r.type}\0${r.id}`;
}

/**
 * Lead first: the most severe finding (its message gets the card, its severity decides who may
 * approve, so approving the group takes the rights the most severe member needs), then by id, so
 * the same members always make the same group, whatever order the rules ran in.
 */
export function leadFirst(a: Pick<Finding, 'id' | 'severity'>, b: Pick<Finding, 'id' | 'severity'>): number {
  const bySeverity = (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0);
  if (bySeverity !== 0) return bySeverity;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface RemediationGroup<T> {
  /** The item whose remediation execution runs the fix (`leadFirst`). */
  lead: T;
  /** The other items the same fix covers, in `leadFirst` order. */
  covers: T[];
}

/**
 * The items whose finding has a fix, grouped by `fixKey` (items without a fix are left out), in
 * the order each group first appears.
 */
export function groupByFix<T>(
  items: readonly T[],
  findingOf: (item: T) => Pick<Finding, 'id' | 'severity' | 'remediation' | 'resource'>,
): RemediationGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = fixKey(findingOf(item));
    if (key === undefined) continue;
    const members = groups.get(key);
    if (members) members.push(item);
    else groups.set(key, [item]);
  }
  const out: RemediationGroup<T>[] = [];
  for (const members of groups.values()) {
    members.sort((a, b) => leadFirst(findingOf(a), findingOf(b)));
    out.push({ lead: members[0] as T, covers: members.slice(1) });
  }
  return out;
}

/**
 * The first of `covers` that a group led by `lead` must not hold: one with another fix, or on
 * another resource, than the lead's (or without a fix), or a finding listed twice (the lead
 * included). Undefined when the group is sound.
 */
export function outsideGroup<F extends Pick<Finding, 'id' | 'remediation' | 'resource'>>(
  lead: F,
  covers: readonly F[],
): F | undefined {
  const key = fixKey(lead);
  const seen = new Set([lead.id]);
  for (const f of covers) {
    if (key === undefined || fixKey(f) !== key || seen.has(f.id)) return f;
    seen.add(f.id);
  }
  return undefined;
}

/**
 * `fixKey` in printable form, `<remediationId>|<account>|<region>|<type>|<id>`: the key of the one
 * approval request that may await a decision for the fix on the resource (`PendingClaim`), across
 * events. Undefined for a finding without a fix.
 */
export function pendingClaimKey(finding: Pick<Finding, 'remediation' | 'resource'>): string | undefined {
  return fixKey(finding)?.replaceAll('\0', '|');
}
