import { CLAIM_GRACE_SECONDS, claimPendingApproval, planDigest } from '../../approvals/pending-claim';
import type { ApprovalStore } from '../../ports/approval-store';
import type { FindingsStore, StoredFinding } from '../../ports/findings-store';
import type { RemediationPlan } from '../../ports/remediation-executor';
import { TaskInputError } from '../../shared/errors';
import { approvalIdFor } from '../../shared/fingerprint';
import { lambdaHandler } from '../../shared/middleware';
import { outsideGroup, pendingClaimKey } from '../../shared/remediation-groups';
import { type RemediationPlanner, unplannedRemediation } from '../../shared/remediation-plan';
import { asStoredFinding, parseInput, planInputSchema } from '../../shared/schemas';

export interface Planned {
  /** The finding the plan is made for (the lead of its group). */
  finding: StoredFinding;
  /** The other findings of the resource the same fix covers (empty: the finding alone). */
  covers: StoredFinding[];
  /**
   * The triggering event id (the execution id when the input has none): the later tasks receive the
   * state (`Payload.$: "$"`), so it is the correlation id they log with.
   */
  correlationId: string;
  executionId: string;
  approvalId: string;
  plan: RemediationPlan;
  /** RequestApproval's `TimeoutSecondsPath` (a placeholder cannot be a JSON number). */
  approvalTimeoutSeconds: number;
  /**
   * False when the deployment has no remediation role: the plan names the fix but holds no calls
   * (nothing was read) and the workflow ends as `disabled`, before any approval is asked.
   */
  remediationEnabled: boolean;
  /**
   * Another run's request for the same fix on the same resource awaits a decision (its claim,
   * `claimPendingApproval`): nothing is asked; the workflow ends `alreadyRequested`, naming it.
   */
  alreadyRequested?: { approvalId: string; expiresAt: string };
}

export interface PlanDeps {
  /**
   * Where the finding's notice is marked as having started its remediation, so a replay of the
   * triage event does not owe it again (Record).
   */
  findings: Pick<FindingsStore, 'markRemediationStarted'>;
  /** False (`REMEDIATION_ENABLED=false`): the planner is not called (`unplannedRemediation`). */
  remediationEnabled: boolean;
  /** The catalog planner (`catalogPlanner`); unknown remediation ids are refused. */
  planner: RemediationPlanner;
  approvalTimeoutSeconds: number;
  /** Where the one pending request per fix and resource is claimed (table-schema.ts, pattern 14). */
  approvals: Pick<ApprovalStore, 'claimPending' | 'get'>;
  now?: () => Date;
}

/**
 * Dry run: the calls the fix would make, planned from the lead `finding` (the other findings it
 * `covers` are the same fix on the same resource: a group that is not is refused with
 * `TaskInputError`, dead-lettered). Nothing is changed here, except that the notice of every covered
 * finding (when triage started this run; a run started by hand has none) is first marked as having
 * started its remediation, whatever the plan then turns out to be: the run exists, a replay of the
 * triage event must not owe them again. Conditional and idempotent, so a retried Plan is harmless.
 *
 * A plan with calls then claims the one request that may await a decision for the fix on the
 * resource (a conditional write keyed by fix and resource, held until the approval's timeout plus
 * `CLAIM_GRACE_SECONDS`; NotifyOutcome releases it). When another run's undecided request for the
 * same calls holds it, the result names that request (`alreadyRequested`) and the workflow asks
 * nobody; a request for other calls (the resource changed since) is taken over, and asked. The claim is the
 * run's own approval id, so a retried Plan claims again.
 */
export function createTask(deps: PlanDeps) {
  const now = deps.now ?? (() => new Date());
  return async (input: unknown): Promise<Planned> => {
    const req = parseInput(planInputSchema, input, 'Plan');
    const { executionId, correlationId } = req;
    const stored = asStoredFinding(req.finding);
    const covers = (req.covers ?? []).map(asStoredFinding);
    const stray = outsideGroup(stored, covers);
    if (stray) {
      throw new TaskInputError(
        `Plan: finding ${stray.id} (${stray.remediation ?? 'no fix'} on ${stray.resource.type} ${stray.resource.id}) is not covered by ${stored.remediation ?? 'no fix'} on ${stored.resource.type} ${stored.resource.id}: one remediation covers one fix of one resource`,
      );
    }
    for (const f of [stored, ...covers]) {
      if (f.notice && f.notice.kind !== 'resolved')
        await deps.findings.markRemediationStarted(f.id, f.notice);
    }
    const approvalId = approvalIdFor(executionId, stored.id);
    // Remediation off: no read role to plan with, and nothing could run the plan.
    const plan = deps.remediationEnabled
      ? await deps.planner(stored, { approvalId })
      : unplannedRemediation(stored, approvalId);
    const held = plan.calls.length ? await claim(deps, stored, plan, approvalId, now()) : undefined;
    return {
      finding: stored,
      covers,
      correlationId: correlationId || executionId,
      executionId,
      approvalId,
      plan,
      approvalTimeoutSeconds: deps.approvalTimeoutSeconds,
      remediationEnabled: deps.remediationEnabled,
      ...(held ? { alreadyRequested: { approvalId: held.approvalId, expiresAt: held.expiresAt } } : {}),
    };
  };
}

/** The claim of the fix's one pending request for `approvalId`: undefined when claimed, else the holder. */
function claim(deps: PlanDeps, finding: StoredFinding, plan: RemediationPlan, approvalId: string, at: Date) {
  const key = pendingClaimKey(finding);
  if (key === undefined) return undefined; // no fix: the planner refused it already
  const expiresAt = new Date(
    at.getTime() + (deps.approvalTimeoutSeconds + CLAIM_GRACE_SECONDS) * 1000,
  ).toISOString();
  const digest = planDigest(plan.calls, approvalId);
  return claimPendingApproval(deps.approvals, { key, approvalId, expiresAt, planDigest: digest }, at);
}

export const createHandler = (deps: PlanDeps) => lambdaHandler(createTask(deps));
