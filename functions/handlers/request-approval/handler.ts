import { type ApprovalStore, coveredFinding } from '../../ports/approval-store';
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
 *
 * One request covers every finding of the resource the fix fixes (`covers`): the approval, the
 * audit record and the card name them all, and each records it as its latest; the card goes on
 * the lead finding's message only, so nobody is asked twice.
 */
export function createTask(deps: RequestApprovalDeps) {
  const now = deps.now ?? (() => new Date());
  return async (input: unknown): Promise<{ approvalId: string; expiresAt: string }> => {
    const req = parseInput(requestApprovalSchema, input, 'RequestApproval');
    const finding = asStoredFinding(req.finding);
    const covers = (req.covers ?? []).map(asStoredFinding);
    const covered = covers.length ? { covers: covers.map(coveredFinding) } : {};
    const coveredIds = covers.length ? { coveredFindingIds: covers.map((f) => f.id) } : {};
    const plan = asPlan(req.plan);
    const at = now();
    const expiresAt = new Date(at.getTime() + req.timeoutSeconds * 1000).toISOString();
    await deps.approvals.put({
      approvalId: req.approvalId,
      findingId: finding.id,
      ...covered,
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
      ...coveredIds,
      approvalId: req.approvalId,
      remediationId: plan.remediationId,
      plan,
      ...(finding.resource.accountId ? { accountId: finding.resource.accountId } : {}),
    });
    const latest = { approvalId: req.approvalId, requestedAt: at.toISOString() };
    for (const f of [finding, ...covers]) await deps.findings.setLatestApproval(f.id, latest);
    await deps.notifier.requestApproval({
      approvalId: req.approvalId,
      finding,
      ...(covers.length ? { covers } : {}),
      plan,
      expiresAt,
    });
    return { approvalId: req.approvalId, expiresAt };
  };
}

export const createHandler = (deps: RequestApprovalDeps) => lambdaHandler(createTask(deps));
