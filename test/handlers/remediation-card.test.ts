import { describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { createTask as notifyOutcome } from '../../functions/handlers/notify-outcome/handler';
import { createTask as requestApproval } from '../../functions/handlers/request-approval/handler';
import type { Approval } from '../../functions/ports/approval-store';
import type { RemediationOutcome } from '../../functions/ports/notifier';
import type { RemediationPlan } from '../../functions/ports/remediation-executor';
import type { Finding } from '../../functions/rulebook/model/finding';
import { pendingClaimKey } from '../../functions/shared/remediation-groups';
import { storedFinding } from '../notifications/findings';

const now = new Date('2026-11-22T12:00:00.000Z');
const plan: RemediationPlan = {
  remediationId: 's3-put-public-access-block',
  summary: 'Block all public access',
  target: { accountId: '111122223333', region: 'eu-west-1' },
  calls: [],
};

/** A finding in the store, with `newer` (when given) the approval its card shows, pending or decided. */
async function setup(newer?: Partial<Approval>) {
  const store = new MemoryStore();
  const { status: _s, firstSeenAt: _f, lastSeenAt: _l, fingerprint: _p, ...finding } = storedFinding();
  const [recorded] = (await store.findings.record([finding as Finding], [], now)).opened;
  if (newer) {
    await store.approvals.put({
      approvalId: 'apr_newer',
      findingId: recorded!.id,
      remediationId: plan.remediationId,
      plan,
      taskToken: 'token-newer',
      severity: 'high',
      requestedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
      ...newer,
    });
    await store.findings.setLatestApproval(recorded!.id, {
      approvalId: 'apr_newer',
      requestedAt: now.toISOString(),
    });
  }
  const outcomes: RemediationOutcome[] = [];
  const task = notifyOutcome({
    notifier: { notifyOutcome: vi.fn(async (o: RemediationOutcome) => void outcomes.push(o)) },
    approvals: store.approvals,
    audit: store.audit,
    findings: store.findings,
    now: () => now,
  });
  return { store, finding: recorded!, outcomes, task };
}

describe('NotifyOutcome leaves the card of another approval alone', () => {
  it.each([
    { run: 'expired', input: { decision: 'expired' }, card: 'pending', newer: {}, keepCard: true },
    { run: 'rejected', input: { decision: 'rejected' }, card: 'pending', newer: {}, keepCard: true },
    {
      run: 'approved and fixed',
      input: { decision: 'approved', approval: { decision: 'approved', approvalId: 'apr_older' } },
      card: 'rejected, newer than the run',
      newer: { decision: 'rejected' as const },
      keepCard: true,
    },
    {
      run: 'disabled (no request)',
      input: { decision: 'disabled' },
      card: 'pending',
      newer: {},
      keepCard: true,
    },
    {
      run: 'disabled (no request)',
      input: { decision: 'disabled' },
      card: 'expired',
      newer: { decision: 'expired' as const },
      keepCard: false,
    },
    {
      run: 'failed to plan (no request)',
      input: { decision: 'failed' },
      card: 'undecided past its expiry',
      newer: { expiresAt: '2026-11-22T11:59:59.000Z' },
      keepCard: false,
    },
  ])(
    'a run $run, the card showing another approval, $card: keepCard $keepCard',
    async ({ input, newer, keepCard }) => {
      // Prepare
      const { finding, outcomes, task } = await setup(newer);

      // Act
      await task({ finding, approvalId: 'apr_older', plan, ...input });

      // Assess
      expect(outcomes).toHaveLength(1);
      expect(outcomes[0]!.keepCard).toBe(keepCard ? true : undefined);
    },
  );

  it("the run's own card, or a finding that never recorded one: the card is updated as before", async () => {
    const own = await setup({});
    await own.task({ finding: own.finding, approvalId: 'apr_newer', plan, decision: 'expired' });
    expect(own.outcomes[0]!.keepCard).toBeUndefined();
    const none = await setup();
    await none.task({ finding: none.finding, approvalId: 'apr_older', plan, decision: 'expired' });
    expect(none.outcomes[0]!.keepCard).toBeUndefined();
  });

  it('a run that covers another finding reports to it too, with its own verification; the card check is made per finding', async () => {
    // Prepare: the lead's card is the run's own; the covered finding's shows a newer pending request
    const { store, finding: covered, outcomes, task } = await setup({});
    const {
      status: _s,
      firstSeenAt: _f,
      lastSeenAt: _l,
      fingerprint: _p,
      ...other
    } = storedFinding({
      id: 'f-lead',
      ruleId: 's3-bucket-policy-not-public',
    });
    const [lead] = (await store.findings.record([other as Finding], [], now)).opened;
    await store.findings.setLatestApproval(lead!.id, {
      approvalId: 'apr_run',
      requestedAt: now.toISOString(),
    });

    // Act
    await task({
      finding: lead,
      covers: [covered],
      approvalId: 'apr_run',
      plan,
      decision: 'approved',
      approval: { decision: 'approved', approvalId: 'apr_run' },
      verification: {
        status: 'fail',
        message: 'the policy is still public',
        covers: [{ findingId: covered.id, status: 'pass', message: 'all four settings are on' }],
      },
    });

    // Assess
    expect(
      outcomes.map((o) => ({
        finding: o.finding.id,
        verification: o.verification?.status,
        keepCard: o.keepCard,
        covers: o.covers?.map((c) => c.findingId),
      })),
    ).toEqual([
      { finding: lead!.id, verification: 'fail', keepCard: undefined, covers: [covered.id] },
      { finding: covered.id, verification: 'pass', keepCard: true, covers: undefined },
    ]);
  });

  it('the run that expires still marks its own approval expired and audits it', async () => {
    const { store, finding, task } = await setup({});
    await store.approvals.put({
      approvalId: 'apr_older',
      findingId: finding.id,
      remediationId: plan.remediationId,
      plan,
      taskToken: 'token-older',
      severity: 'high',
      requestedAt: now.toISOString(),
      expiresAt: now.toISOString(),
    });
    await task({ finding, approvalId: 'apr_older', plan, decision: 'expired' });
    expect((await store.approvals.get('apr_older'))?.decision).toBe('expired');
    expect((await store.approvals.get('apr_newer'))?.decision).toBeUndefined();
    const audit = [];
    for await (const r of store.audit.list({ from: '2000-01-01', to: '2100-01-01' })) audit.push(r);
    expect(audit).toEqual([expect.objectContaining({ action: 'expired', approvalId: 'apr_older' })]);
  });
});

describe("RequestApproval records the request as the finding's latest", () => {
  it('before posting the card, and a later Record of the finding keeps it', async () => {
    // Prepare
    const { store, finding } = await setup();
    const order: string[] = [];
    const task = requestApproval({
      approvals: store.approvals,
      audit: store.audit,
      findings: {
        setLatestApproval: async (id, approval) => {
          order.push('setLatestApproval');
          await store.findings.setLatestApproval(id, approval);
        },
      },
      notifier: { requestApproval: async () => void order.push('requestApproval') },
      now: () => now,
    });

    // Act
    await task({ taskToken: 't', approvalId: 'apr_1', finding, plan, timeoutSeconds: 60, executionId: 'x' });
    const {
      status: _s,
      firstSeenAt: _f,
      lastSeenAt: _l,
      fingerprint: _p,
      ...again
    } = storedFinding({
      message: 'changed meanwhile',
    });
    await store.findings.record([again as Finding], [], new Date(now.getTime() + 60_000));

    // Assess
    expect(order).toEqual(['setLatestApproval', 'requestApproval']);
    expect((await store.findings.get(finding.id))!.latestApproval).toEqual({
      approvalId: 'apr_1',
      requestedAt: now.toISOString(),
    });
  });
});

describe("NotifyOutcome and the fix's pending-approval claim", () => {
  it.each(['approved', 'rejected', 'expired', 'cancelled', 'failed'])(
    'a run ending %s releases its claim: the next run for the fix and resource may ask',
    async (decision) => {
      // Prepare: the run's Plan claimed the fix's one pending request
      const { store, finding, task } = await setup();
      const key = pendingClaimKey(finding)!;
      const claim = { key, approvalId: 'apr_older', expiresAt: '2026-11-22T13:00:00.000Z', planDigest: 'p' };
      expect(await store.approvals.claimPending(claim, now)).toBeUndefined();

      // Act
      await task({ finding, approvalId: 'apr_older', plan, decision });

      // Assess
      expect(await store.approvals.claimPending({ ...claim, approvalId: 'apr_next' }, now)).toBeUndefined();
    },
  );

  it('a run ending alreadyRequested releases nothing, names the pending request and leaves its card', async () => {
    // Prepare: the finding's card is the pending request that holds the claim
    const { store, finding, outcomes, task } = await setup({});
    const key = pendingClaimKey(finding)!;
    const held = { key, approvalId: 'apr_newer', expiresAt: '2026-11-22T13:00:00.000Z', planDigest: 'p' };
    await store.approvals.claimPending(held, now);

    // Act
    await task({
      finding,
      approvalId: 'apr_run',
      plan,
      decision: 'alreadyRequested',
      alreadyRequested: { approvalId: 'apr_newer', expiresAt: held.expiresAt },
    });

    // Assess
    expect(await store.approvals.claimPending({ ...held, approvalId: 'apr_run' }, now)).toEqual(held);
    expect(outcomes[0]).toMatchObject({
      status: 'already-requested',
      keepCard: true,
      pendingApproval: { approvalId: 'apr_newer', expiresAt: held.expiresAt },
    });
  });
});
