import type { FindingsStore, StoredFinding } from '../../ports/findings-store';
import type { RemediationPlan } from '../../ports/remediation-executor';
import { approvalIdFor } from '../../shared/fingerprint';
import { lambdaHandler } from '../../shared/middleware';
import { type RemediationPlanner, unplannedRemediation } from '../../shared/remediation-plan';
import { asStoredFinding, parseInput, planInputSchema } from '../../shared/schemas';

export interface Planned {
  finding: StoredFinding;
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
 * Dry run: the calls the fix would make. Nothing is changed here, except that the finding's notice
 * (when triage started this run; a run started by hand has none) is first marked as having started
 * its remediation, whatever the plan then turns out to be: the run exists, a replay of the triage
 * event must not owe it again. Conditional and idempotent, so a retried Plan is harmless.
 */
export function createTask(deps: PlanDeps) {
  return async (input: unknown): Promise<Planned> => {
    const { finding, executionId, correlationId } = parseInput(planInputSchema, input, 'Plan');
    const stored = asStoredFinding(finding);
    if (stored.notice && stored.notice.kind !== 'resolved')
      await deps.findings.markRemediationStarted(stored.id, stored.notice);
    const approvalId = approvalIdFor(executionId, stored.id);
    return {
      finding: stored,
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
