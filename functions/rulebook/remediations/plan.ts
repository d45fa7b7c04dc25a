import type { ExecutionTarget, PlannedCall, RemediationExecutor } from '../../ports/remediation-executor';
import type { Finding } from '../model/finding';
import type { Remediation, RemediationParams, VerifyResult } from './remediation';

/**
 * The two-phase flow every caller uses (Plan handler, local runtime): run the read-only `prepare`
 * calls (if any) through the executor, then build the plan from their outputs. Pure apart from the
 * executor port it is given.
 */
export async function buildPlan(
  remediation: Remediation,
  finding: Finding,
  params: RemediationParams,
  executor: RemediationExecutor,
  target: ExecutionTarget,
): Promise<PlannedCall[]> {
  const reads = remediation.prepare?.(finding, params) ?? [];
  if (reads.length === 0) return remediation.plan(finding, params);
  const results = await executor.execute(target, reads);
  return remediation.plan(finding, { ...params, prepared: results.map((r) => r.output) });
}

/** Re-reads the resource after the fix and re-evaluates it. */
export async function verifyRemediation(
  remediation: Remediation,
  finding: Finding,
  params: RemediationParams,
  executor: RemediationExecutor,
  target: ExecutionTarget,
): Promise<VerifyResult> {
  const reads = remediation.verify.read(finding, params);
  const results = await executor.execute(target, reads);
  return remediation.verify.check(
    results.map((r) => r.output),
    finding,
    params,
  );
}
