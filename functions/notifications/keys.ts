import type { FindingNotification, ReportPublished } from '../ports/notifier';

/**
 * Idempotency key of a notification: the same finding, fingerprint, kind and approval state, of the
 * same transition (the finding's `notice.at`: a finding that reopens with the same evidence is news
 * again), is delivered once per channel. Stable across retries and replays of the same event.
 */
export function notificationKey(n: FindingNotification): string {
  const approval = n.approval ? `${n.approval.approvalId}:${n.approval.state}` : (n.approvalId ?? '');
  const key = `${n.finding.id}|${n.finding.fingerprint}|${n.kind}|${approval}`;
  return n.finding.notice ? `${key}|${n.finding.notice.at}` : key;
}

/** A weekly report is posted once per week and headline (a re-run with other numbers posts again). */
export function reportKey(report: ReportPublished): string {
  return `report|${report.week}|${report.headline}`;
}
