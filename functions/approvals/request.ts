import { randomBytes } from 'node:crypto';
import { planCalls } from '../notifications/workflow';
import type { Approval } from '../ports/approval-store';
import type { AuditRecord } from '../ports/audit-log';
import type { StoredFinding } from '../ports/findings-store';
import type { ApprovalState, ApprovalView } from '../ports/notifier';
import type { PlannedCall } from '../ports/remediation-executor';
import type { Remediation } from '../rulebook/remediations/remediation';

/** Short, opaque, URL-safe approval id (`apr_` + 20 random bytes, base64url): what Slack buttons carry. */
export function newApprovalId(): string {
  return `apr_${randomBytes(20).toString('base64url')}`;
}

export interface ApprovalRequest {
  approval: Approval;
  /** What the card shows (no token). */
  view: ApprovalView;
  audit: AuditRecord;
}

/**
 * Builds everything the request-approval task stores and posts: the Approval (token kept in the
 * backend), the card's view of it and the `approval-requested` audit record. Pure.
 */
export function createApprovalRequest(input: {
  finding: StoredFinding;
  remediation: Remediation;
  plan: readonly PlannedCall[];
  taskToken: string;
  now: Date;
  /** Same as the Task's TimeoutSeconds, so the card and the workflow expire together. */
  timeoutSeconds: number;
  approvalId?: string;
}): ApprovalRequest {
  const approvalId = input.approvalId ?? newApprovalId();
  const requestedAt = input.now.toISOString();
  const expiresAt = new Date(input.now.getTime() + input.timeoutSeconds * 1000).toISOString();
  const accountId = input.finding.resource.accountId;
  const approval: Approval = {
    approvalId,
    findingId: input.finding.id,
    remediationId: input.remediation.id,
    plan: input.plan,
    taskToken: input.taskToken,
    severity: input.finding.severity,
    ...(accountId ? { accountId } : {}),
    requestedAt,
    expiresAt,
  };
  return {
    approval,
    view: viewOf(input.remediation, approval, 'pending'),
    audit: {
      at: requestedAt,
      actor: 'system',
      action: 'approval-requested',
      findingId: input.finding.id,
      approvalId,
      remediationId: input.remediation.id,
      plan: input.plan,
      ...(accountId ? { accountId } : {}),
    },
  };
}

/** The card's view for a later state (remediated, verified, failed), e.g. in notify-outcome. */
export function viewOf(
  remediation: Remediation,
  approval: Pick<Approval, 'approvalId' | 'plan' | 'expiresAt' | 'decidedBy' | 'decidedAt'>,
  state: ApprovalState,
  outcome?: string,
): ApprovalView {
  return {
    approvalId: approval.approvalId,
    remediationId: remediation.id,
    title: remediation.title,
    destructive: remediation.destructive,
    ...(remediation.irreversibleNote ? { irreversibleNote: remediation.irreversibleNote } : {}),
    plan: planCalls(approval.plan),
    expiresAt: approval.expiresAt,
    state,
    ...(approval.decidedBy ? { decidedBy: approval.decidedBy } : {}),
    ...(approval.decidedAt ? { decidedAt: approval.decidedAt } : {}),
    ...(outcome ? { outcome } : {}),
  };
}
