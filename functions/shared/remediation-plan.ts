import type { ExecutionTarget, RemediationExecutor, RemediationPlan } from '../ports/remediation-executor';
import type { Finding } from '../rulebook/model/finding';
import {
  getRemediation,
  type RemediationParams,
  RemediationPlanError,
  type VerifyResult,
} from '../rulebook/remediations/index';
import { buildPlan, verifyRemediation } from '../rulebook/remediations/plan';
import { invalidTargetField } from './execution-target';

/**
 * Plans a remediation as a dry run from the remediation catalog: the API calls the fix would make
 * (read-only `prepare` calls, if any, go through the executor). An unknown remediation id is refused
 * with `RemediationPlanError`; there are no placeholder plans.
 */
export type RemediationPlanner = (
  finding: Finding,
  context: { approvalId: string },
) => Promise<RemediationPlan>;

export interface CatalogPlannerOptions {
  /** Runs the read-only `prepare` calls (AWS: assumed role; locally: a dry-run or fake executor). */
  executor: RemediationExecutor;
  tagDefaults?: Readonly<Record<string, string>>;
  kmsKeyId?: string;
}

export function targetOf(finding: Finding, approvalId?: string): ExecutionTarget {
  const { accountId, region } = finding.resource;
  if (!accountId || !region) {
    throw new RemediationPlanError(finding.remediation ?? 'none', 'the finding names no account / region');
  }
  // The account id becomes part of a role ARN: a malformed one is refused here, before any plan.
  const bad = invalidTargetField({ accountId, region });
  if (bad) throw new RemediationPlanError(finding.remediation ?? 'none', `the finding's resource ${bad}`);
  return { accountId, region, ...(approvalId ? { approvalId } : {}) };
}

export function remediationParams(
  options: Pick<CatalogPlannerOptions, 'tagDefaults' | 'kmsKeyId'>,
  approvalId: string,
): RemediationParams {
  return {
    ...(options.tagDefaults ? { tagDefaults: options.tagDefaults } : {}),
    ...(options.kmsKeyId ? { kmsKeyId: options.kmsKeyId } : {}),
    approvalId,
  };
}

/** The finding's catalog entry; an unknown remediation id is refused with `RemediationPlanError`. */
function catalogEntryOf(finding: Finding) {
  const id = finding.remediation;
  const remediation = id ? getRemediation(id) : undefined;
  if (!remediation) {
    throw new RemediationPlanError(
      id ?? 'none',
      'no such remediation in the catalog: nothing can be planned',
    );
  }
  return remediation;
}

export function catalogPlanner(options: CatalogPlannerOptions): RemediationPlanner {
  return async (finding, { approvalId }) => {
    const remediation = catalogEntryOf(finding);
    const target = targetOf(finding, approvalId);
    const calls = await buildPlan(
      remediation,
      finding,
      remediationParams(options, approvalId),
      options.executor,
      target,
    );
    return { remediationId: remediation.id, summary: remediation.title, target, calls };
  };
}

/**
 * The plan of a deployment with remediation turned off (`remediation.enabled: false`): which fix,
 * where, and no calls. Nothing is read: such a deployment has no read role in the member accounts,
 * and a plan nothing can run is not worth a read. An unknown remediation id is refused as by
 * `catalogPlanner`.
 */
export function unplannedRemediation(finding: Finding, approvalId: string): RemediationPlan {
  const remediation = catalogEntryOf(finding);
  return {
    remediationId: remediation.id,
    summary: remediation.title,
    target: targetOf(finding, approvalId),
    calls: [],
  };
}

/** Re-reads the resource through the catalog's verify calls: did the fix take? */
export async function verifyWithCatalog(
  finding: Finding,
  plan: RemediationPlan,
  executor: RemediationExecutor,
  options: Pick<CatalogPlannerOptions, 'tagDefaults' | 'kmsKeyId'> & { approvalId: string },
): Promise<VerifyResult> {
  const remediation = getRemediation(plan.remediationId);
  if (!remediation) {
    throw new RemediationPlanError(
      plan.remediationId,
      'no such remediation in the catalog: nothing to verify',
    );
  }
  return verifyRemediation(remediation, finding, remediationParams(options, options.approvalId), executor, {
    ...plan.target,
    approvalId: options.approvalId,
  });
}
