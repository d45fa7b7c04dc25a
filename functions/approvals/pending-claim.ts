import { createHash } from 'node:crypto';
import type { ApprovalStore, PendingClaim } from '../ports/approval-store';
import type { PlannedCall } from '../ports/remediation-executor';

/**
 * Past the approval's own timeout, how long a claim still holds: RequestApproval is retried (Slack's
 * rate limit, throttling) for a few minutes before its wait, and the approval's expiry counts from
 * then. A claim left by a run that died expires this much after its approval could have.
 */
export const CLAIM_GRACE_SECONDS = 900;

/**
 * What a request asks to approve, as a claim compares it: the planned calls (service, operation,
 * input), with the run's own approval id (a plan may carry it, e.g. in a tag) left out. 16 hex digits.
 */
export function planDigest(calls: readonly PlannedCall[], approvalId: string): string {
  const asked = JSON.stringify(calls.map((c) => [c.service, c.operation, c.input]));
  return createHash('sha256').update(asked.replaceAll(approvalId, '')).digest('hex').slice(0, 16);
}

/**
 * Claims the one pending request of a fix on a resource for `claim.approvalId` (a conditional write,
 * so two runs for the same fix and resource never both ask). A claim whose approval was decided
 * (the run is past its wait: remediating, or about to notify and release) no longer holds: it is
 * taken over, conditioned on that holder still holding it. Returns undefined when claimed, else the
 * live claim of the approval that already awaits a decision.
 */
export async function claimPendingApproval(
  approvals: Pick<ApprovalStore, 'claimPending' | 'get'>,
  claim: PendingClaim,
  now: Date,
): Promise<PendingClaim | undefined> {
  const holder = await approvals.claimPending(claim, now);
  if (!holder) return undefined;
  // Not stored yet (its run is between Plan and RequestApproval) or undecided: it holds.
  if (!(await approvals.get(holder.approvalId))?.decision) return holder;
  return approvals.claimPending(claim, now, holder.approvalId);
}
