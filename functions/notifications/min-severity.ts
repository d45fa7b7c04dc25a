import type { StoredFinding } from '../ports/findings-store';
import { atLeast, SEVERITY_RANK, type Severity } from '../rulebook/model/severity';

/**
 * The minimum severity to notify when none is configured: `notifyMinSeverity` in cdk.json
 * (infra/config.ts), `NOTIFY_MIN_SEVERITY` of the Record function, `--notify-min-severity` of
 * `npm start`. Info and low findings are recorded (and count in the weekly report), not posted.
 */
export const DEFAULT_NOTIFY_MIN_SEVERITY: Severity = 'medium';

/**
 * The severity that decides whether a finding is posted: the most severe it has been since it was
 * last opened (`peakSeverity`, kept by the store), never less than what it is now. Items recorded
 * before `peakSeverity` existed fall back to the current severity.
 */
export function notifySeverityOf(finding: Pick<StoredFinding, 'severity' | 'peakSeverity'>): Severity {
  const peak = finding.peakSeverity;
  return peak && SEVERITY_RANK[peak] > SEVERITY_RANK[finding.severity] ? peak : finding.severity;
}

/**
 * Whether an opened, changed or resolved finding is posted (Slack + SNS) and may start a remediation.
 * Findings below `min` are still recorded, resolved and counted in the weekly report; they are only
 * kept out of the channel, and so out of remediation (nobody would see its approval request).
 *
 * The decision is made on the finding's peak severity since it was (re)opened, so one finding is
 * either followed from start to end or not at all:
 * - opened: posted when its severity is at least `min`;
 * - changed: posted when it is now at least `min` (a `low` that became `high` is news, and starts its
 *   Slack thread), or was at some point since it opened (a `high` that became `low` updates the
 *   card people already saw, instead of leaving it stale);
 * - resolved: posted exactly when something about this opening was posted, so a resolution never
 *   arrives for a finding nobody was told about, and a posted one is always closed. (The Slack
 *   notifier also skips a resolution without a thread; the filter makes SNS agree.)
 * A reopened finding starts afresh: its peak is its severity at reopening.
 *
 * Raising the minimum later leaves findings posted under the old one without their follow-ups.
 */
export function meetsNotifyMinSeverity(
  finding: Pick<StoredFinding, 'severity' | 'peakSeverity'>,
  min: Severity,
): boolean {
  return atLeast(notifySeverityOf(finding), min);
}
