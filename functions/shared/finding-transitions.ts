import type { PassedCheck, RecordOutcome, StoredFinding } from '../ports/findings-store';
import type { Finding } from '../rulebook/model/finding';
import { SEVERITY_RANK } from '../rulebook/model/severity';
import { fingerprintOf } from './fingerprint';

export type Transition = 'opened' | 'changed' | 'unchanged';

/**
 * What recording `finding` does to what the store holds (pure; both stores use it):
 * new or resolved before -> `opened`; open with another fingerprint -> `changed`; else `unchanged`.
 * First-seen time and the Slack thread survive every transition; the peak severity restarts when
 * the finding (re)opens and otherwise keeps the most severe value seen (a resolution keeps it too).
 */
export function transition(
  existing: StoredFinding | undefined,
  finding: Finding,
  now: Date,
): { next: StoredFinding; kind: Transition } {
  const at = now.toISOString();
  const fingerprint = fingerprintOf(finding);
  if (!existing || existing.status === 'resolved') {
    const next: StoredFinding = {
      ...finding,
      status: 'open',
      firstSeenAt: existing?.firstSeenAt ?? at,
      openedAt: at,
      lastSeenAt: at,
      fingerprint,
      peakSeverity: finding.severity,
      ...(existing?.slack ? { slack: existing.slack } : {}),
    };
    return { next, kind: 'opened' };
  }
  const next: StoredFinding = {
    ...finding,
    status: 'open',
    firstSeenAt: existing.firstSeenAt,
    ...(existing.openedAt ? { openedAt: existing.openedAt } : {}),
    lastSeenAt: at,
    fingerprint,
    peakSeverity: peakOf(existing, finding),
    ...(existing.slack ? { slack: existing.slack } : {}),
  };
  return { next, kind: existing.fingerprint === fingerprint ? 'unchanged' : 'changed' };
}

/** The more severe of what the open finding peaked at (its severity, for older items) and `finding`'s. */
function peakOf(existing: StoredFinding, finding: Finding) {
  const before = existing.peakSeverity ?? existing.severity;
  return SEVERITY_RANK[before] > SEVERITY_RANK[finding.severity] ? before : finding.severity;
}

/** The resolved form of an open finding whose check passed; undefined when nothing is open. */
export function resolution(existing: StoredFinding | undefined, now: Date): StoredFinding | undefined {
  if (existing?.status !== 'open') return undefined;
  return { ...existing, status: 'resolved', resolvedAt: now.toISOString(), lastSeenAt: now.toISOString() };
}

export function emptyOutcome(): RecordOutcome {
  return { opened: [], changed: [], unchanged: [], resolved: [] };
}

/** A passed check and a failed one on the same id in one batch: the failure wins. */
export function passedWithoutFailures(
  passed: readonly PassedCheck[],
  findings: readonly Finding[],
): PassedCheck[] {
  if (!passed.length) return [];
  const failing = new Set(findings.map((f) => f.id));
  return passed.filter((p) => !failing.has(p.findingId));
}
