import { keepsOtherCard, otherCardApproval, requestedApproval } from '../../approvals/card-owner';
import { type ApprovalStore, coveredFinding } from '../../ports/approval-store';
import type { AuditLog, AuditRecord } from '../../ports/audit-log';
import type { FindingsStore } from '../../ports/findings-store';
import type { RemediationOutcomeStatus, WorkflowNotifier } from '../../ports/notifier';
import { lambdaHandler } from '../../shared/middleware';
import { pendingClaimKey } from '../../shared/remediation-groups';
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
  alreadyRequested: 'already-requested',
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
 *
 * A fix that covers other findings of the resource (`covers`) reports to each of them too, after the
 * lead: the same decision, and its own verification (one fix can resolve one finding and leave
 * another failing); the card check is made per finding.
 *
 * First, whatever the end, the run's claim of the fix's one pending request is released (Plan took it
 * for this run's approval id; conditional, so a run that holds none, or a retry, changes nothing): a
 * later run for the same fix and resource asks again. A run that found the claim held by another
 * request (`alreadyRequested`) releases nothing, and its outcome and audit record name that request.
 */
export function createTask(deps: NotifyOutcomeDeps) {
  const now = deps.now ?? (() => new Date());
  return async (input: unknown): Promise<{ status: RemediationOutcomeStatus }> => {
    const req = parseInput(outcomeSchema, input, 'NotifyOutcome');
    const finding = asStoredFinding(req.finding);
    const covers = (req.covers ?? []).map(asStoredFinding);
    const status = STATUS[req.decision] as RemediationOutcomeStatus;
    const at = now();
    const claimKey = pendingClaimKey(finding);
    if (req.decision !== 'alreadyRequested' && req.approvalId && claimKey)
      await deps.approvals.releasePending(claimKey, req.approvalId, at);
    /** An audit record of the bot's own, about the run's findings and `approvalId`. */
    const audit = (action: AuditRecord['action'], approvalId: string, extra: Partial<AuditRecord> = {}) =>
      deps.audit.append({
        at: at.toISOString(),
        actor: 'compliance-bot',
        action,
        findingId: finding.id,
        ...(covers.length ? { coveredFindingIds: covers.map((f) => f.id) } : {}),
        approvalId,
        ...extra,
        ...(finding.resource.accountId ? { accountId: finding.resource.accountId } : {}),
      });
    const pending = req.decision === 'alreadyRequested' ? req.alreadyRequested : undefined;
    if (pending)
      await audit('already-requested', pending.approvalId, {
        ...(finding.remediation ? { remediationId: finding.remediation } : {}),
        outcome: `not asked again: approval ${pending.approvalId} for this fix on ${finding.resource.id} awaits a decision until ${pending.expiresAt}`,
      });
    if (status === 'expired' && req.approvalId) {
      const decided = await deps.approvals.decide(req.approvalId, 'expired', 'compliance-bot', at);
      if (decided) await audit('expired', req.approvalId);
    }
    const plan = req.plan ? { plan: asPlan(req.plan) } : {};
    const verdicts = new Map((req.verification?.covers ?? []).map((v) => [v.findingId, v]));
    for (const f of [finding, ...covers]) {
      const keepCard = await keepsCardOfAnother(deps, req, f.id, at);
      const v = f === finding ? req.verification : verdicts.get(f.id);
      await deps.notifier.notifyOutcome({
        status,
        finding: f,
        ...(f === finding && covers.length ? { covers: covers.map(coveredFinding) } : {}),
        ...(keepCard ? { keepCard } : {}),
        ...(req.approvalId ? { approvalId: req.approvalId } : {}),
        ...(pending ? { pendingApproval: pending } : {}),
        ...plan,
        ...(v ? { verification: { status: v.status, message: v.message } } : {}),
        ...(req.error ? { error: req.error } : {}),
      });
    }
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
