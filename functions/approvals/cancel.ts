import type { Approval, ApprovalStore } from '../ports/approval-store';
import type { AuditLog } from '../ports/audit-log';
import type { StoredFinding } from '../ports/findings-store';
import { type TaskCallbacks, TaskExpiredError } from '../ports/task-callbacks';
import { isResourceDeleted } from '../rulebook/model/resolution';
import { REMEDIATION_CANCELLED } from '../shared/errors';
import { logger } from '../shared/logger';

/** Who withdraws an approval of a deleted resource's finding, as the approval and the audit trail name it. */
export const CANCELLED_BY = 'compliance-bot';

export interface CancelDeps {
  approvals: Pick<ApprovalStore, 'decide'>;
  callbacks: TaskCallbacks;
  audit: AuditLog;
}

/** The finding is resolved because AWS Config recorded its resource as deleted. */
export function resourceDeleted(finding: StoredFinding | undefined): finding is StoredFinding {
  return finding?.status === 'resolved' && isResourceDeleted(finding.resolvedReason);
}

/** Why a fix on `finding` is not run: its resource was deleted (for the workflow, the card, the user). */
export function cancellationCause(finding: StoredFinding): string {
  const r = finding.resource;
  const why = finding.resolvedReason?.text ?? 'the resource was deleted';
  return `${r.type} ${r.name ?? r.id}: ${why}. The fix was not run; nothing was changed.`;
}

/**
 * Withdraws a pending approval of a finding whose resource was deleted, so nobody can approve a fix
 * for a resource that no longer exists: decides it `expired` (a conditional write: a click that
 * decided first wins, and its own check refuses to run the fix, see Remediate), audits `cancelled`,
 * and fails the waiting task with `Remediation.Cancelled`, which ends the remediation workflow as
 * `cancelled` (NotifyOutcome updates the card). A workflow that no longer waits is fine; any other
 * failure of the callback is logged and left to the request's timeout (the approval is already
 * decided, so a click can no longer approve it). Returns whether this call withdrew it.
 */
export async function cancelApproval(
  deps: CancelDeps,
  approval: Approval,
  finding: StoredFinding,
  now: Date,
): Promise<boolean> {
  if (approval.decision) return false;
  const decided = await deps.approvals.decide(approval.approvalId, 'expired', CANCELLED_BY, now);
  if (!decided) return false;
  const cause = cancellationCause(finding);
  await deps.audit.append({
    at: now.toISOString(),
    actor: CANCELLED_BY,
    action: 'cancelled',
    findingId: finding.id,
    approvalId: approval.approvalId,
    remediationId: approval.remediationId,
    outcome: `approval withdrawn: ${cause}`,
    ...(approval.accountId ? { accountId: approval.accountId } : {}),
  });
  try {
    await deps.callbacks.fail(approval.taskToken, REMEDIATION_CANCELLED, cause);
  } catch (error) {
    if (!(error instanceof TaskExpiredError)) {
      logger.warn('could not end the remediation waiting for a withdrawn approval; it ends at its timeout', {
        approvalId: approval.approvalId,
        errorName: error instanceof Error ? error.name : 'Error',
      });
    }
  }
  return true;
}
