import { expect } from 'vitest';
import { claimPendingApproval } from '../../functions/approvals/pending-claim';
import type { ApprovalStore } from '../../functions/ports/approval-store';

/**
 * The pending-approval claim's contract (table-schema.ts, pattern 14), run against each adapter: the
 * local store's conditions and DynamoDB's real ConditionExpressions must agree.
 */
export async function pendingClaimContract(approvals: ApprovalStore, now: Date): Promise<void> {
  const key = 's3-put-public-access-block|111122223333|eu-west-1|AWS::S3::Bucket|b';
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  const claim = (approvalId: string, expiresInMinutes = 60) => ({
    key,
    approvalId,
    expiresAt: at(expiresInMinutes).toISOString(),
    planDigest: 'p1',
  });
  // Prepare, Act, Assess: the first claim holds; a retried Plan keeps its own; another run is refused,
  // told who holds it.
  expect(await approvals.claimPending(claim('a1'), now)).toBeUndefined();
  expect(await approvals.claimPending(claim('a1'), now)).toBeUndefined();
  expect(await approvals.claimPending(claim('a2'), at(1))).toEqual(claim('a1'));
  // Released only by its holder; then the next run claims.
  await approvals.releasePending(key, 'a2', at(2));
  expect(await approvals.claimPending(claim('a2'), at(2))).toEqual(claim('a1'));
  await approvals.releasePending(key, 'a1', at(2));
  expect(await approvals.claimPending(claim('a2'), at(3))).toBeUndefined();
  // A late release by the former holder changes nothing.
  await approvals.releasePending(key, 'a1', at(3));
  expect(await approvals.claimPending(claim('a3'), at(4))).toEqual(claim('a2'));
  // A claim left behind (its run died) holds until it expires, never after.
  expect(await approvals.claimPending(claim('a3'), at(59))).toEqual(claim('a2'));
  expect(await approvals.claimPending(claim('a3', 120), at(61))).toBeUndefined();
  // A holder whose approval was decided is taken over (claimPendingApproval); an undecided one holds.
  await approvals.put({
    approvalId: 'a3',
    findingId: 'f1',
    remediationId: 's3-put-public-access-block',
    plan: { calls: [] },
    taskToken: 't3',
    severity: 'high',
    requestedAt: at(61).toISOString(),
    expiresAt: at(120).toISOString(),
  });
  expect(await claimPendingApproval(approvals, claim('a4', 130), at(62))).toEqual(claim('a3', 120));
  await approvals.decide('a3', 'rejected', 'U1', at(63));
  expect(await claimPendingApproval(approvals, claim('a4', 130), at(64))).toBeUndefined();
  expect(await approvals.claimPending(claim('a5', 140), at(65))).toEqual(claim('a4', 130));
  // Another plan (the resource changed since the request) is another change: it takes the claim.
  expect(await approvals.claimPending({ ...claim('a6', 150), planDigest: 'p2' }, at(66))).toBeUndefined();
  expect(await approvals.claimPending({ ...claim('a7', 150), planDigest: 'p2' }, at(67))).toEqual({
    ...claim('a6', 150),
    planDigest: 'p2',
  });
}
