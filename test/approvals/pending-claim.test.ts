import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { buildFindingMessage, changeSummary } from '../../functions/notifications/model';
import { outcomeNotification } from '../../functions/notifications/workflow';
import { pendingClaimKey } from '../../functions/shared/remediation-groups';
import { storedFinding } from '../notifications/findings';
import { pendingClaimContract } from './pending-claim-contract';

describe('the pending-approval claim (one request per fix and resource awaiting a decision)', () => {
  it('holds the local store to the claim contract (the DynamoDB adapter runs it against moto)', async () => {
    await pendingClaimContract(new MemoryStore().approvals, new Date('2026-11-23T08:00:00.000Z'));
  });

  it('lets exactly one of two concurrent runs claim (moto does not serialize concurrent conditional writes; DynamoDB does, per item)', async () => {
    // Prepare
    const approvals = new MemoryStore().approvals;
    const claim = { key: 'k', approvalId: 'b1', expiresAt: '2026-11-23T09:00:00.000Z', planDigest: 'p' };
    const now = new Date('2026-11-23T08:00:00.000Z');
    // Act
    const raced = await Promise.all([
      approvals.claimPending(claim, now),
      approvals.claimPending({ ...claim, approvalId: 'b2' }, now),
    ]);
    // Assess
    expect(raced).toEqual([undefined, claim]);
  });

  it('keys the claim by fix and resource identity, not by finding', () => {
    // Prepare
    const resource = { accountId: '1', region: 'eu-west-1', type: 'AWS::S3::Bucket', id: 'b' };
    // Act / Assess
    expect(pendingClaimKey({ remediation: 'fix-a', resource })).toBe('fix-a|1|eu-west-1|AWS::S3::Bucket|b');
    expect(pendingClaimKey({ remediation: 'fix-b', resource })).not.toBe(
      pendingClaimKey({ remediation: 'fix-a', resource }),
    );
    expect(pendingClaimKey({ resource })).toBeUndefined();
  });

  it('merges the claims of a parallel replay: the newer claim per key, the released copy at equal expiry', () => {
    // Prepare
    const held = { key: 'k', approvalId: 'a1', expiresAt: '2026-11-23T09:00:00.000Z', planDigest: 'p' };
    const store = new MemoryStore();
    // Act
    store.adopt([
      { findings: {}, approvals: {}, pendingClaims: { k: held } },
      {
        findings: {},
        approvals: {},
        pendingClaims: { k: { ...held, releasedAt: '2026-11-23T08:10:00.000Z' } },
      },
      { findings: {}, approvals: {}, pendingClaims: { j: { ...held, key: 'j' } } },
    ]);
    // Assess
    expect(store.snapshot().pendingClaims).toEqual({
      k: { ...held, releasedAt: '2026-11-23T08:10:00.000Z' },
      j: { ...held, key: 'j' },
    });
  });

  it('says in every channel which approval awaits the decision instead (Slack, SNS, terminal share the text)', () => {
    // Prepare
    const pendingApproval = { approvalId: 'apr_first', expiresAt: '2026-11-23T09:00:00.000Z' };
    // Act
    const message = buildFindingMessage(
      outcomeNotification({ status: 'already-requested', finding: storedFinding(), pendingApproval }),
    );
    // Assess
    expect(changeSummary(message)).toBe(
      'Remediation s3-put-public-access-block not asked again: the same fix on this resource already awaits a decision, nothing was changed: decide on approval apr_first (pending until 2026-11-23T09:00:00.000Z).',
    );
  });
});
