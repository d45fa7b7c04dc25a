import { cancellationCause, resourceDeleted } from '../../approvals/cancel';
import type { ApprovalStore } from '../../ports/approval-store';
import type { AuditLog, AuditRecord } from '../../ports/audit-log';
import type { FindingsStore } from '../../ports/findings-store';
import type { RemediationExecutor } from '../../ports/remediation-executor';
import {
  AlreadyExecutedError,
  ApprovalNotFoundError,
  ApprovalRequiredError,
  PlanMismatchError,
  ResourceDeletedError,
  TargetAccountMismatchError,
} from '../../shared/errors';
import { stableStringify } from '../../shared/fingerprint';
import { logger } from '../../shared/logger';
import { lambdaHandler } from '../../shared/middleware';
import { asPlan, asStoredFinding, parseInput, planSchema, remediateSchema } from '../../shared/schemas';

export interface RemediateDeps {
  executor: RemediationExecutor;
  audit: AuditLog;
  /**
   * The stored approvals (`APPROVAL#<id>`, read consistently): the decision and the plan Remediate
   * trusts, never the ones in its input, and the claim of the plan's one execution.
   */
  approvals: Pick<ApprovalStore, 'get' | 'claimExecution' | 'recordExecution'>;
  /**
   * The stored finding, read before the claim: when AWS Config recorded its resource as deleted
   * (triage resolved it so), the fix is not run (`ResourceDeletedError`). Absent: not checked.
   */
  findings?: Pick<FindingsStore, 'get'>;
  now?: () => Date;
}

/** Refusals before the claim: audited (a forged or miswired invocation leaves a trace), then rethrown. */
const REFUSALS = [
  ApprovalRequiredError,
  ApprovalNotFoundError,
  PlanMismatchError,
  TargetAccountMismatchError,
];

interface RemediateResult {
  results: unknown[];
  executedAt: string;
}

/**
 * Executes an approved plan in the target account. Its input is not trusted (the function could be
 * invoked directly): the approval stored under `approvalId` must say `approved`, for this finding,
 * and its plan (the one the approver saw) must be the plan in the input; only the stored plan is
 * run, with the executor checking every call against the catalog, and only in the account the
 * approval was decided for. Each refusal is a named error (`ApprovalRequiredError`,
 * `ApprovalNotFoundError`, `PlanMismatchError`, `TargetAccountMismatchError`, `AlreadyExecutedError`),
 * audited, and the ASL's Catch reports it in NotifyOutcome.
 *
 * A finding whose resource AWS Config recorded as deleted after the approval (its stored form says
 * so: triage resolved it with that reason) is not fixed: `ResourceDeletedError`, audited
 * `cancelled`, which the workflow reports as a cancelled remediation.
 *
 * One execution per approval: a conditional write claims it (`executedAt`) before any call. A retry
 * of this task (TransientError, e.g. only the final audit write was throttled; Lambda service
 * errors) or a second invocation finds the claim and never runs the calls again: if the first run
 * recorded success it returns that recorded outcome (and audits it again: at worst a second
 * `remediated` entry, never a missing one); otherwise (it failed, or stopped between claim and
 * record) it refuses with `AlreadyExecutedError`, since what ran is unknown and re-running, e.g.
 * CreateSnapshot then DeleteVolume, is never safe.
 */
export function createTask(deps: RemediateDeps) {
  const now = deps.now ?? (() => new Date());
  return async (input: unknown): Promise<RemediateResult> => {
    const req = parseInput(remediateSchema, input, 'Remediate');
    const finding = asStoredFinding(req.finding);
    const covers = req.covers ?? [];
    const base = {
      findingId: finding.id,
      ...(covers.length ? { coveredFindingIds: covers.map((f) => f.id) } : {}),
      approvalId: req.approvalId,
      remediationId: req.plan.remediationId,
      ...(finding.resource.accountId ? { accountId: finding.resource.accountId } : {}),
    };
    const fail = async (actor: string, plan: unknown, error: Error): Promise<never> => {
      await deps.audit.append({
        ...base,
        actor,
        plan,
        at: now().toISOString(),
        action: 'remediation-failed',
        outcome: `${error.name}: ${error.message}`,
      });
      throw error;
    };

    const approved = await approvedPlan(deps, req, finding.id).catch((error: Error) =>
      REFUSALS.some((refusal) => error instanceof refusal)
        ? fail('compliance-bot', req.plan, error)
        : Promise.reject(error),
    );
    const plan = asPlan(approved.plan);
    const actor = approved.decidedBy;
    const audit = (record: Pick<AuditRecord, 'at' | 'action' | 'outcome' | 'dryRun'>) =>
      deps.audit.append({ ...base, actor, plan, ...record });
    // A dry run's calls were printed, not made: its `remediated` record says so.
    const dryRun: Pick<AuditRecord, 'dryRun'> = deps.executor.dryRun ? { dryRun: true } : {};

    // Approved, but the resource is gone: nothing to fix, and calls on a deleted resource (or on a
    // new one created under the same name) must not run. Checked before the claim.
    const current = deps.findings ? await deps.findings.get(finding.id) : undefined;
    if (resourceDeleted(current)) {
      const cause = cancellationCause(current);
      await deps.audit.append({
        ...base,
        actor: 'compliance-bot',
        plan,
        at: now().toISOString(),
        action: 'cancelled',
        outcome: `approved fix not run: ${cause}`,
      });
      throw new ResourceDeletedError(cause);
    }

    if (!(await deps.approvals.claimExecution(req.approvalId, now()))) {
      const execution = (await deps.approvals.get(req.approvalId))?.execution;
      if (execution?.outcome === 'ok') {
        await audit({ at: execution.executedAt, action: 'remediated', outcome: 'ok', ...dryRun });
        return { results: execution.results, executedAt: execution.executedAt };
      }
      return fail(
        actor,
        plan,
        new AlreadyExecutedError(
          `approval ${req.approvalId} was executed before (${execution ? `failed: ${execution.error}` : 'no outcome recorded'}); its calls are not run again`,
        ),
      );
    }

    let result: RemediateResult;
    try {
      const results = await deps.executor.execute(
        { ...plan.target, approvalId: req.approvalId, remediationId: plan.remediationId },
        plan.calls,
      );
      result = {
        results: results.map((r) => ({ operation: r.call.operation, output: r.output })),
        executedAt: now().toISOString(),
      };
    } catch (error) {
      const e = error as Error;
      await deps.approvals.recordExecution(req.approvalId, {
        outcome: 'failed',
        failedAt: now().toISOString(),
        error: `${e.name}: ${e.message}`,
      });
      return fail(actor, plan, e);
    }
    // The account has changed: report it even if the record cannot be written (a retry would then refuse).
    await deps.approvals
      .recordExecution(req.approvalId, { outcome: 'ok', ...result })
      .catch((error: unknown) => logger.warn('could not record the execution outcome', { error }));
    await audit({ at: result.executedAt, action: 'remediated', outcome: 'ok', ...dryRun });
    return result;
  };
}

/**
 * The stored approval, if it approves exactly this request: decision `approved`, same finding, and a
 * stored plan equal to the input's (both parsed by the same schema; key order ignored, since the
 * table does not keep it).
 */
async function approvedPlan(
  deps: RemediateDeps,
  req: { approvalId: string; approval: { decision: string }; plan: unknown },
  findingId: string,
): Promise<{ plan: unknown; decidedBy: string }> {
  if (req.approval.decision !== 'approved') {
    throw new ApprovalRequiredError(`remediation of ${findingId} has no approved decision`);
  }
  const stored = await deps.approvals.get(req.approvalId);
  if (!stored) {
    throw new ApprovalNotFoundError(`no approval ${req.approvalId} is stored: nothing was approved`);
  }
  if (stored.decision !== 'approved') {
    throw new ApprovalRequiredError(
      `approval ${req.approvalId} is ${stored.decision ?? 'pending'}, not approved`,
    );
  }
  const storedPlan = planSchema.safeParse(stored.plan);
  if (
    stored.findingId !== findingId ||
    !storedPlan.success ||
    stableStringify(storedPlan.data) !== stableStringify(req.plan)
  ) {
    throw new PlanMismatchError(
      `approval ${req.approvalId} approved another plan (or finding) than the one given: nothing is run`,
    );
  }
  // The approver check (mayApprove) used the stored approval's account: the plan must target it.
  const target = storedPlan.data.target.accountId;
  if (stored.accountId !== target) {
    throw new TargetAccountMismatchError(
      `approval ${req.approvalId} was decided for account ${stored.accountId ?? '(none)'}, but its plan targets account ${target}: nothing is run`,
    );
  }
  return { plan: storedPlan.data, decidedBy: stored.decidedBy ?? 'approver' };
}

export const createHandler = (deps: RemediateDeps) => lambdaHandler(createTask(deps));
