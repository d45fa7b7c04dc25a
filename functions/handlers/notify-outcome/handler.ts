import type { ApprovalStore } from '../../ports/approval-store';
import type { AuditLog } from '../../ports/audit-log';
import type { RemediationOutcomeStatus, WorkflowNotifier } from '../../ports/notifier';
import { lambdaHandler } from '../../shared/middleware';
import { asPlan, asStoredFinding, outcomeSchema, parseInput } from '../../shared/schemas';

export interface NotifyOutcomeDeps {
  notifier: Pick<WorkflowNotifier, 'notifyOutcome'>;
  approvals: ApprovalStore;
  audit: AuditLog;
  now?: () => Date;
}

const STATUS: Record<string, RemediationOutcomeStatus> = {
  approved: 'remediated',
  rejected: 'rejected',
  expired: 'expired',
  failed: 'remediation-failed',
  disabled: 'disabled',
};

/**
 * Posts how the remediation ended in the finding's thread. An expired request is marked decided
 * (`expired`) so a late click does nothing, and audited; approvals / rejections were audited by the
 * approval endpoint with the approver's name.
 */
export function createTask(deps: NotifyOutcomeDeps) {
  const now = deps.now ?? (() => new Date());
  return async (input: unknown): Promise<{ status: RemediationOutcomeStatus }> => {
    const req = parseInput(outcomeSchema, input, 'NotifyOutcome');
    const finding = asStoredFinding(req.finding);
    const status = STATUS[req.decision] as RemediationOutcomeStatus;
    const at = now();
    if (status === 'expired' && req.approvalId) {
      const decided = await deps.approvals.decide(req.approvalId, 'expired', 'compliance-bot', at);
      if (decided) {
        await deps.audit.append({
          at: at.toISOString(),
          actor: 'compliance-bot',
          action: 'expired',
          findingId: finding.id,
          approvalId: req.approvalId,
          ...(finding.resource.accountId ? { accountId: finding.resource.accountId } : {}),
        });
      }
    }
    await deps.notifier.notifyOutcome({
      status,
      finding,
      ...(req.approvalId ? { approvalId: req.approvalId } : {}),
      ...(req.plan ? { plan: asPlan(req.plan) } : {}),
      ...(req.verification ? { verification: req.verification } : {}),
      ...(req.error ? { error: req.error } : {}),
    });
    return { status };
  };
}

export const createHandler = (deps: NotifyOutcomeDeps) => lambdaHandler(createTask(deps));
