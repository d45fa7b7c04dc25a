import type { ApprovalStore } from '../../ports/approval-store';
import type { AuditLog } from '../../ports/audit-log';
import type { FindingsStore } from '../../ports/findings-store';
import type { WorkflowNotifier } from '../../ports/notifier';
import { lambdaHandler } from '../../shared/middleware';
import { asPlan, asStoredFinding, parseInput, requestApprovalSchema } from '../../shared/schemas';

export interface RequestApprovalDeps {
  approvals: ApprovalStore;
  audit: AuditLog;
  /** Where the finding records this request as its latest: an older request's outcome then leaves its card alone. */
  findings: Pick<FindingsStore, 'setLatestApproval'>;
  notifier: Pick<WorkflowNotifier, 'requestApproval'>;
  now?: () => Date;
}

/**
 * Stores the task token under the short approval id (only the id leaves the backend) and posts the
 * request, recording it on the finding as its latest (before posting: the card it posts is this
 * request's). The state machine then waits for SendTaskSuccess / SendTaskFailure or its timeout. A
 * retried attempt overwrites the token under the same id and posts again.
 */
export function createTask(deps: RequestApprovalDeps) {
  const now = deps.now ?? (() => new Date());
  return async (input: unknown): Promise<{ approvalId: string; expiresAt: string }> => {
    const req = parseInput(requestApprovalSchema, input, 'RequestApproval');
    const finding = asStoredFinding(req.finding);
    const plan = asPlan(req.plan);
    const at = now();
    const expiresAt = new Date(at.getTime() + req.timeoutSeconds * 1000).toISOString();
    await deps.approvals.put({
      approvalId: req.approvalId,
      findingId: finding.id,
      remediationId: plan.remediationId,
      plan,
      taskToken: req.taskToken,
      severity: finding.severity,
      ...(finding.resource.accountId ? { accountId: finding.resource.accountId } : {}),
      requestedAt: at.toISOString(),
      expiresAt,
    });
    await deps.audit.append({
      at: at.toISOString(),
      actor: 'compliance-bot',
      action: 'approval-requested',
      findingId: finding.id,
      approvalId: req.approvalId,
      remediationId: plan.remediationId,
      plan,
      ...(finding.resource.accountId ? { accountId: finding.resource.accountId } : {}),
    });
    await deps.findings.setLatestApproval(finding.id, {
      approvalId: req.approvalId,
      requestedAt: at.toISOString(),
    });
    await deps.notifier.requestApproval({ approvalId: req.approvalId, finding, plan, expiresAt });
    return { approvalId: req.approvalId, expiresAt };
  };
}

export const createHandler = (deps: RequestApprovalDeps) => lambdaHandler(createTask(deps));
