import type { StoredFinding } from './findings-store';

export type NotificationKind = 'opened' | 'changed' | 'resolved';

export interface FindingNotification {
  kind: NotificationKind;
  finding: StoredFinding;
  /** Present when the finding has a fix awaiting a decision. */
  approvalId?: string;
}

/** Slack, SNS, or the terminal. Implementations must be idempotent per (finding id, fingerprint, kind). */
export interface Notifier {
  notify(notifications: readonly FindingNotification[]): Promise<void>;
}
