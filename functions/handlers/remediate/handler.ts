import type { AuditLog } from '../../ports/audit-log';
import type { RemediationExecutor } from '../../ports/remediation-executor';
import { ApprovalRequiredError } from '../../shared/errors';
import { lambdaHandler } from '../../shared/middleware';
import { asPlan, asStoredFinding, parseInput, remediateSchema } from '../../shared/schemas';

export interface RemediateDeps {
  executor: RemediationExecutor;
  audit: AuditLog;
  now?: () => Date;
}

/**
 * Executes the approved plan in the target account. Refuses without an `approved` decision even if
 * the state machine were miswired (defence in depth), and audits the result either way.
 */
export function createTask(deps: RemediateDeps) {
  const now = deps.now ?? (() => new Date());
  return async (input: unknown): Promise<{ results: unknown[]; executedAt: string }> => {
    const req = parseInput(remediateSchema, input, 'Remediate');
    if (req.approval.decision !== 'approved') {
      throw new ApprovalRequiredError(`remediation of ${req.finding.id} has no approved decision`);
    }
    const finding = asStoredFinding(req.finding);
    const plan = asPlan(req.plan);
    const base = {
      actor: req.approval.decidedBy ?? 'approver',
      findingId: finding.id,
      approvalId: req.approvalId,
      remediationId: plan.remediationId,
      plan,
      ...(finding.resource.accountId ? { accountId: finding.resource.accountId } : {}),
    };
    try {
      const results = await deps.executor.execute({ ...plan.target, approvalId: req.approvalId }, plan.calls);
      const executedAt = now().toISOString();
      await deps.audit.append({ ...base, at: executedAt, action: 'remediated', outcome: 'ok' });
      return { results: results.map((r) => ({ operation: r.call.operation, output: r.output })), executedAt };
    } catch (error) {
      await deps.audit.append({
        ...base,
        at: now().toISOString(),
        action: 'remediation-failed',
        outcome: `${(error as Error).name}: ${(error as Error).message}`,
      });
      throw error;
    }
  };
}

export const createHandler = (deps: RemediateDeps) => lambdaHandler(createTask(deps));
