import type { StoredFinding } from './findings-store';
import type { PlannedCall } from './remediation-executor';

export type NotificationKind = 'opened' | 'changed' | 'resolved';

export interface FindingNotification {
  kind: NotificationKind;
  finding: StoredFinding;
  /** Present when the finding has a fix awaiting a decision. */
  approvalId?: string;
  /** The fix offered or decided: renders the plan, the buttons (while pending) or the outcome. */
  approval?: ApprovalView;
}

export type ApprovalState =
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'remediated'
  | 'remediation-failed'
  | 'verified'
  | 'verification-failed';

/** What a message shows about a remediation: its dry-run plan and where the decision stands. */
export interface ApprovalView {
  approvalId: string;
  remediationId: string;
  title: string;
  destructive: boolean;
  irreversibleNote?: string;
  plan: readonly PlannedCall[];
  /** ISO instant after which the request expires. */
  expiresAt?: string;
  state: ApprovalState;
  decidedBy?: string;
  decidedAt?: string;
  /** Short outcome text (e.g. the verify message or the error name). */
  outcome?: string;
}

/** Slack, SNS, or the terminal. Implementations must be idempotent per (finding id, fingerprint, kind). */
export interface Notifier {
  notify(notifications: readonly FindingNotification[]): Promise<void>;
}
