import type { FindingsStore, StoredFinding } from '../../ports/findings-store';
import type { RemediationPlan } from '../../ports/remediation-executor';
import { TaskInputError } from '../../shared/errors';
import { approvalIdFor } from '../../shared/fingerprint';
import { lambdaHandler } from '../../shared/middleware';
import { outsideGroup } from '../../shared/remediation-groups';
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
}

/**
 * Dry run: the calls the fix would make, planned from the lead `finding` (the other findings it
 * `covers` are the same fix on the same resource: a group that is not is refused with
 * `TaskInputError`, dead-lettered). Nothing is changed here, except that the notice of every covered
 * finding (when triage started this run; a run started by hand has none) is first marked as having
 * started its remediation, whatever the plan then turns out to be: the run exists, a replay of the
 * triage event must not owe them again. Conditional and idempotent, so a retried Plan is harmless.
 */
export function createTask(deps: PlanDeps) {
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
    return {
      finding: stored,
      covers,
      correlationId: correlationId || executionId,
      executionId,
      approvalId,
      // Remediation off: no read role to plan with, and nothing could run the plan.
      plan: deps.remediationEnabled
        ? await deps.planner(stored, { approvalId })
        : unplannedRemediation(stored, approvalId),
      approvalTimeoutSeconds: deps.approvalTimeoutSeconds,
      remediationEnabled: deps.remediationEnabled,
    };
  };
}

export const createHandler = (deps: PlanDeps) => lambdaHandler(createTask(deps));
