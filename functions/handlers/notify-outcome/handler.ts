import { keepsOtherCard, otherCardApproval, requestedApproval } from '../../approvals/card-owner';
import type { ApprovalStore } from '../../ports/approval-store';
import type { AuditLog } from '../../ports/audit-log';
import type { FindingsStore } from '../../ports/findings-store';
import type { RemediationOutcomeStatus, WorkflowNotifier } from '../../ports/notifier';
import { lambdaHandler } from '../../shared/middleware';
import { asPlan, asStoredFinding, outcomeSchema, parseInput } from '../../shared/schemas';

export interface NotifyOutcomeDeps {
  notifier: Pick<WorkflowNotifier, 'notifyOutcome'>;
  approvals: ApprovalStore;
  audit: AuditLog;
  /** Read again for the approval whose card the finding's message shows now. */
  findings: Pick<FindingsStore, 'get'>;
  now?: () => Date;
}

const STATUS: Record<string, RemediationOutcomeStatus> = {
  approved: 'remediated',
  rejected: 'rejected',
  expired: 'expired',
  failed: 'remediation-failed',
  disabled: 'disabled',
  unneeded: 'unneeded',
  cancelled: 'cancelled',
};

/**
 * Posts how the remediation ended in the finding's thread. An expired request is marked decided
 * (`expired`) so a late click does nothing, and audited; approvals / rejections were audited by the
 * approval endpoint with the approver's name.
 *
 * The finding is read again: when its message shows the card of another approval, newer than this
 * run's request or still pending (the finding changed and a second remediation asks meanwhile), the
 * outcome only goes in the thread (`keepCard`) and the card, with the buttons of a live request,
 * stays. The thread still gets it: the audit trail people read says how the earlier request ended.
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
    const keepCard = await keepsCardOfAnother(deps, req, finding.id, at);
    await deps.notifier.notifyOutcome({
      status,
      finding,
      ...(keepCard ? { keepCard } : {}),
      ...(req.approvalId ? { approvalId: req.approvalId } : {}),
      ...(req.plan ? { plan: asPlan(req.plan) } : {}),
      ...(req.verification ? { verification: req.verification } : {}),
      ...(req.error ? { error: req.error } : {}),
    });
    return { status };
  };
}

async function keepsCardOfAnother(
  deps: NotifyOutcomeDeps,
  req: { decision: Parameters<typeof requestedApproval>[0]; approval?: unknown; approvalId?: string },
  findingId: string,
  now: Date,
): Promise<boolean> {
  const other = otherCardApproval((await deps.findings.get(findingId))?.latestApproval, req.approvalId);
  if (!other) return false;
  const ownRequested = requestedApproval(req.decision, req.approval);
  const otherRecord = ownRequested ? undefined : await deps.approvals.get(other.approvalId);
  return keepsOtherCard({ ownRequested, ...(otherRecord ? { otherRecord } : {}), now });
}

export const createHandler = (deps: NotifyOutcomeDeps) => lambdaHandler(createTask(deps));
