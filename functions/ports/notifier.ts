import type { CoveredFinding } from './approval-store';
import type { StoredFinding } from './findings-store';
import type { AccountInfo } from './inventory-source';
import type { PlannedCall, RemediationPlan } from './remediation-executor';

export type NotificationKind = 'opened' | 'changed' | 'resolved';

export interface FindingNotification {
  kind: NotificationKind;
  finding: StoredFinding;
  /** Present when the finding has a fix awaiting a decision. */
  approvalId?: string;
  /** The fix offered or decided: renders the plan, the buttons (while pending) or the outcome. */
  approval?: ApprovalView;
  /** Name and OU of the finding's account, when the directory knows it. */
  account?: AccountInfo;
  /** A resolution: the id of the EventBridge event whose evaluation passed (triage's correlation id). */
  resolvedBy?: string;
}

export type ApprovalState =
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'remediated'
  | 'remediation-failed'
  | 'verified'
  | 'verification-failed'
  /** Remediation is turned off in this deployment: nothing was planned, asked or run. */
  | 'disabled'
  /** The plan was empty: the resource already has what the fix sets; nothing was asked or run. */
  | 'unneeded'
  /** The resource was deleted: the request was withdrawn (or the approved fix not run). */
  | 'cancelled'
  /** Not asked: the same fix on the same resource already awaits a decision (another request). */
  | 'already-requested';

/** What a message shows about a remediation: its dry-run plan and where the decision stands. */
export interface ApprovalView {
  approvalId: string;
  remediationId: string;
  title: string;
  destructive: boolean;
  irreversibleNote?: string;
  plan: readonly PlannedCall[];
  /** The other findings of the resource this fix covers, listed on the card (absent: none). */
  covers?: readonly CoveredFinding[];
  /** ISO instant after which the request expires. */
  expiresAt?: string;
  state: ApprovalState;
  decidedBy?: string;
  decidedAt?: string;
  /** Short outcome text (e.g. the verify message or the error name). */
  outcome?: string;
}

/**
 * Slack, SNS, or the terminal. Implementations must be idempotent per notification key
 * (`notifications/keys.ts`): finding, fingerprint, kind, approval state and transition.
 */
export interface Notifier {
  notify(notifications: readonly FindingNotification[]): Promise<void>;
}

/** An approval request: the plan and the short approval id the buttons carry (never the task token). */
export interface ApprovalRequest {
  approvalId: string;
  /** The finding whose remediation asks: the request is posted on its message. */
  finding: StoredFinding;
  /** The other findings of the same resource the same fix covers: one request for them all. */
  covers?: readonly StoredFinding[];
  plan: RemediationPlan;
  expiresAt: string;
}

/**
 * `disabled`: the deployment has remediation turned off; nothing was planned (no calls), asked or run.
 * `unneeded`: the plan was empty (the resource already has what the fix sets); nobody was asked.
 * `cancelled`: the resource was deleted; the request was withdrawn, or the approved fix not run.
 * `already-requested`: the same fix on the same resource already awaits a decision (`pendingApproval`,
 * another run's request); nobody was asked again, nothing was run.
 */
export type RemediationOutcomeStatus =
  | 'remediated'
  | 'remediation-failed'
  | 'rejected'
  | 'expired'
  | 'disabled'
  | 'unneeded'
  | 'cancelled'
  | 'already-requested';

/** How a remediation ended, posted in the finding's thread. */
export interface RemediationOutcome {
  status: RemediationOutcomeStatus;
  finding: StoredFinding;
  /**
   * On the outcome for the finding whose remediation asked: the other findings the fix covers,
   * still listed on its card (each of them gets its own outcome too).
   */
  covers?: readonly CoveredFinding[];
  approvalId?: string;
  plan?: RemediationPlan;
  /** Did re-evaluating the resource pass after the fix? */
  verification?: { status: string; message: string };
  error?: { Error: string; Cause?: string };
  /** `already-requested`: the request that awaits the decision instead, and when it expires. */
  pendingApproval?: { approvalId: string; expiresAt: string };
  /**
   * The finding's message shows the card of another approval, newer or still pending
   * (`cardOwnedByAnother`): a channel with cards posts this outcome in the finding's thread and
   * leaves the card, and the buttons of a live request, as they are.
   */
  keepCard?: boolean;
}

/** The headline of a published weekly report. */
export interface ReportPublished {
  week: string;
  headline: string;
  /** Opens without signing in, until `linkExpiresAt` if set. */
  link: string;
  linkExpiresAt?: string;
  /** The link stops working within hours, at a time not known in advance. */
  linkTemporary?: boolean;
  /** Keeps working for whoever can sign in to AWS and read the report (the S3 console). */
  consoleLink?: string;
  openBySeverity: Record<string, number>;
}

/** Everything the workflows post: findings, approval requests, outcomes, reports. */
export interface WorkflowNotifier extends Notifier {
  requestApproval(request: ApprovalRequest): Promise<void>;
  notifyOutcome(outcome: RemediationOutcome): Promise<void>;
  reportPublished(report: ReportPublished): Promise<void>;
}
