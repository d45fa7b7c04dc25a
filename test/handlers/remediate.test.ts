import { describe, expect, it, vi } from 'vitest';
import { createTask } from '../../functions/handlers/remediate/handler';
import type { Approval } from '../../functions/ports/approval-store';
import type { AuditRecord } from '../../functions/ports/audit-log';
import type {
  PlannedCall,
  RemediationExecutor,
  RemediationPlan,
} from '../../functions/ports/remediation-executor';
import { getRemediation } from '../../functions/rulebook/remediations/index';
import { TransientError } from '../../functions/shared/errors';
import { MemoryApprovals, MemoryAudit } from '../approvals/memory';
import { storedFinding } from '../notifications/findings';

/**
 * Remediate trusts only the stored approval (decision, finding, plan), and runs an approved plan at
 * most once, whatever its input says and however often it is invoked.
 */
const APPROVAL_ID = 'apr_ebs1';
const finding = storedFinding({
  id: 'f-ebs-unattached',
  ruleId: 'ebs-volume-unattached',
  remediation: 'ebs-snapshot-and-delete-volume',
  resource: { type: 'AWS::EC2::Volume', id: 'vol-0abc', accountId: '111122223333', region: 'eu-west-1' },
  evidence: {},
});
const plan: RemediationPlan = {
  remediationId: 'ebs-snapshot-and-delete-volume',
  summary: 'Snapshot, then delete the unattached EBS volume',
  target: { accountId: '111122223333', region: 'eu-west-1' },
  calls: getRemediation('ebs-snapshot-and-delete-volume')!.plan(finding, { approvalId: APPROVAL_ID }),
};
const input = (overrides: Record<string, unknown> = {}) => ({
  finding,
  plan,
  approvalId: APPROVAL_ID,
  approval: { decision: 'approved', approvalId: APPROVAL_ID, decidedBy: 'slack:U1 (Ana)' },
  ...overrides,
});

/** `null`: no approval stored under the id. */
function setup(stored: Partial<Approval> | null = {}) {
  const approvals = new MemoryApprovals();
  if (stored !== null)
    approvals.items.set(APPROVAL_ID, {
      approvalId: APPROVAL_ID,
      findingId: finding.id,
      remediationId: plan.remediationId,
      plan: structuredClone(plan),
      taskToken: 'token',
      severity: 'high',
      // What RequestApproval stores (the finding's account) and the approver check used.
      accountId: '111122223333',
      requestedAt: '2026-11-22T10:00:00.000Z',
      expiresAt: '2026-11-23T10:00:00.000Z',
      decision: 'approved',
      decidedBy: 'slack:U1 (Ana)',
      decidedAt: '2026-11-22T10:05:00.000Z',
      ...stored,
    });
  const audit = new MemoryAudit();
  const execute = vi.fn(async (_target: unknown, calls: readonly PlannedCall[]) =>
    calls.map((call) => ({ call, output: { ok: call.operation } })),
  );
  const executor = { execute } satisfies RemediationExecutor;
  const task = createTask({ executor, audit, approvals, now: () => new Date('2026-11-22T10:06:00.000Z') });
  return { task, approvals, audit, execute };
}

const actions = (audit: MemoryAudit) => audit.records.map((r: AuditRecord) => r.action);

describe('Remediate: the stored approval decides, not the input', () => {
  it('runs the stored approved plan once, in the plan’s account, for its catalog remediation', async () => {
    // Prepare
    const { task, execute, audit, approvals } = setup();
    // Act
    const result = await task(input());
    // Assess
    expect(execute).toHaveBeenCalledTimes(1);
    expect(execute.mock.calls[0]![0]).toEqual({
      accountId: '111122223333',
      region: 'eu-west-1',
      approvalId: APPROVAL_ID,
      remediationId: 'ebs-snapshot-and-delete-volume',
    });
    expect(execute.mock.calls[0]![1].map((c) => c.operation)).toEqual(['CreateSnapshot', 'DeleteVolume']);
    expect(result).toEqual({
      results: [
        { operation: 'CreateSnapshot', output: { ok: 'CreateSnapshot' } },
        { operation: 'DeleteVolume', output: { ok: 'DeleteVolume' } },
      ],
      executedAt: '2026-11-22T10:06:00.000Z',
    });
    expect(actions(audit)).toEqual(['remediated']);
    expect(audit.records[0]).toMatchObject({ actor: 'slack:U1 (Ana)', approvalId: APPROVAL_ID });
    expect(approvals.items.get(APPROVAL_ID)).toMatchObject({
      executedAt: '2026-11-22T10:06:00.000Z',
      execution: { outcome: 'ok', executedAt: '2026-11-22T10:06:00.000Z' },
    });
  });

  it('accepts the stored plan whatever its key order (DynamoDB does not keep it)', async () => {
    const reordered = JSON.parse(
      JSON.stringify(plan, (_k, v) =>
        v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
      ),
    );
    const { task, execute } = setup({ plan: reordered });
    await task(input());
    expect(execute).toHaveBeenCalledTimes(1);
  });

  it.each<[string, Partial<Approval> | null, Record<string, unknown>, string]>([
    ['no approval is stored under the id', null, {}, 'ApprovalNotFoundError'],
    [
      'the stored approval was rejected (the input says approved)',
      { decision: 'rejected' },
      {},
      'ApprovalRequiredError',
    ],
    ['the stored approval is still pending', { decision: undefined }, {}, 'ApprovalRequiredError'],
    ['the stored approval expired', { decision: 'expired' }, {}, 'ApprovalRequiredError'],
    [
      'the input plan runs other calls than the approved one',
      {},
      {
        plan: {
          ...plan,
          calls: [
            {
              service: 'EC2',
              operation: 'DeleteVolume',
              input: { VolumeId: 'vol-prod-db' },
              iamAction: 'ec2:DeleteVolume',
            },
          ],
        },
      },
      'PlanMismatchError',
    ],
    [
      'the input plan targets another account',
      {},
      { plan: { ...plan, target: { accountId: '999999999999', region: 'eu-west-1' } } },
      'PlanMismatchError',
    ],
    [
      'the input plan drops the stale-plan precondition',
      {
        plan: {
          ...plan,
          calls: plan.calls.map((c, i) => (i === 0 ? { ...c, precondition: { read: c, sha256: 'abc' } } : c)),
        },
      },
      {},
      'PlanMismatchError',
    ],
    ['the approval is for another finding', { findingId: 'f-other' }, {}, 'PlanMismatchError'],
    [
      'the approved plan targets another account than the approver check used',
      {
        accountId: '444455556666',
        plan: { ...plan, target: { accountId: '111122223333', region: 'eu-west-1' } },
      },
      {},
      'TargetAccountMismatchError',
    ],
    [
      'the stored approval names no account (no approver check by account was made)',
      { accountId: undefined },
      {},
      'TargetAccountMismatchError',
    ],

    [
      'the input has no approved decision',
      {},
      { approval: { decision: 'rejected', approvalId: APPROVAL_ID } },
      'ApprovalRequiredError',
    ],
  ])('refuses when %s: nothing runs, the refusal is audited', async (_label, stored, overrides, name) => {
    // Prepare
    const { task, execute, audit, approvals } = setup(stored);
    // Act
    const run = task(input(overrides));
    // Assess
    await expect(run).rejects.toMatchObject({ name });
    expect(execute).not.toHaveBeenCalled();
    expect(actions(audit)).toEqual(['remediation-failed']);
    expect(audit.records[0]!.outcome).toMatch(new RegExp(`^${name}: `));
    expect(approvals.items.get(APPROVAL_ID)?.executedAt).toBeUndefined();
  });
  it.each([
    [
      'accountId',
      { accountId: '1111:role/x', region: 'eu-west-1' },
      /plan\.target\.accountId: accountId must be a 12-digit AWS account id/,
    ],
    ['accountId', { accountId: '11112222333', region: 'eu-west-1' }, /plan\.target\.accountId/],
    [
      'region',
      { accountId: '111122223333', region: 'eu-west-1.evil.example/' },
      /plan\.target\.region: region must be an AWS region name/,
    ],
  ])(
    'refuses a plan whose target %s is malformed (TaskInputError naming the field): nothing runs',
    async (_field, target, message) => {
      // Prepare
      const { task, execute } = setup();
      // Act
      const run = task(input({ plan: { ...plan, target } }));
      // Assess
      await expect(run).rejects.toMatchObject({
        name: 'TaskInputError',
        message: expect.stringMatching(message),
      });
      expect(execute).not.toHaveBeenCalled();
    },
  );
});

describe('Remediate: the audit trail tells a dry run from a real fix', () => {
  it('marks the remediated record dryRun when the executor changes nothing (the local runtime)', async () => {
    // Prepare
    const { approvals, audit, execute } = setup();
    const dryRun = { dryRun: true, execute } satisfies RemediationExecutor;
    const task = createTask({
      executor: dryRun,
      audit,
      approvals,
      now: () => new Date('2026-11-22T10:06:00.000Z'),
    });
    // Act
    await task(input());
    await task(input());
    // Assess: the first run and the recorded outcome a second invocation returns
    expect(audit.records.map((r) => [r.action, r.outcome, r.dryRun])).toEqual([
      ['remediated', 'ok', true],
      ['remediated', 'ok', true],
    ]);
  });

  it('records a real fix without the marker (what the cloud records is unchanged)', async () => {
    // Prepare
    const { task, audit } = setup();
    // Act
    await task(input());
    // Assess
    expect(audit.records[0]).toMatchObject({ action: 'remediated', outcome: 'ok' });
    expect(audit.records[0]).not.toHaveProperty('dryRun');
  });
});

describe('Remediate: one execution per approval', () => {
  it('a second invocation after success returns the recorded outcome without running the calls again', async () => {
    const { task, execute } = setup();
    const first = await task(input());
    const second = await task(input());
    expect(execute).toHaveBeenCalledTimes(1);
    expect(second).toEqual(first);
  });

  it('a retry after only the final audit write was throttled does not re-run CreateSnapshot / DeleteVolume', async () => {
    // Prepare: the audit PutItem of 'remediated' is throttled once (the ASL retries on TransientError).
    const { task, execute, audit } = setup();
    const append = audit.append.bind(audit);
    let throttled = false;
    audit.append = async (record) => {
      if (record.action === 'remediated' && !throttled) {
        throttled = true;
        throw new TransientError('DynamoDB PutItem audit: throttled');
      }
      return append(record);
    };
    // Act
    await expect(task(input())).rejects.toBeInstanceOf(TransientError);
    const retried = await task(input());
    // Assess
    expect(execute).toHaveBeenCalledTimes(1);
    expect(retried.results).toHaveLength(2);
    expect(actions(audit)).toEqual(['remediated']);
  });

  it('a retry after a failed execution refuses (AlreadyExecutedError) and runs nothing', async () => {
    const { task, execute, audit, approvals } = setup();
    execute.mockRejectedValueOnce(Object.assign(new Error('throttled'), { name: 'TransientError' }));
    await expect(task(input())).rejects.toMatchObject({ name: 'TransientError' });
    await expect(task(input())).rejects.toMatchObject({
      name: 'AlreadyExecutedError',
      message: expect.stringContaining('failed: TransientError: throttled'),
    });
    expect(execute).toHaveBeenCalledTimes(1);
    expect(actions(audit)).toEqual(['remediation-failed', 'remediation-failed']);
    expect(approvals.items.get(APPROVAL_ID)?.execution).toMatchObject({ outcome: 'failed' });
  });

  it('a claim with no recorded outcome (a run cut off mid-way) is never run again', async () => {
    const { task, execute } = setup({ executedAt: '2026-11-22T10:05:30.000Z' });
    await expect(task(input())).rejects.toMatchObject({
      name: 'AlreadyExecutedError',
      message: expect.stringContaining('no outcome recorded'),
    });
    expect(execute).not.toHaveBeenCalled();
  });

  it('concurrent invocations run the plan once', async () => {
    const { task, execute } = setup();
    const outcomes = await Promise.allSettled([task(input()), task(input())]);
    expect(execute).toHaveBeenCalledTimes(1);
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
  });
});

describe('Remediate: a resource deleted after the approval', () => {
  it('runs nothing and claims nothing when the stored finding says AWS Config recorded its deletion', async () => {
    // Prepare
    const { approvals, audit, execute } = setup();
    const deleted = Object.assign(structuredClone(finding), {
      status: 'resolved' as const,
      resolvedReason: { code: 'resource-deleted' as const, text: 'the resource was deleted (test)' },
    });
    const task = createTask({
      executor: { execute },
      audit,
      approvals,
      findings: { get: async () => deleted },
      now: () => new Date('2026-11-22T10:06:00.000Z'),
    });

    // Act
    const run = task(input());

    // Assess
    await expect(run).rejects.toMatchObject({
      name: 'ResourceDeletedError',
      message: expect.stringContaining('the resource was deleted (test)'),
    });
    expect(execute).not.toHaveBeenCalled();
    expect(await approvals.get(APPROVAL_ID)).not.toHaveProperty('executedAt');
    expect(audit.records).toMatchObject([
      {
        action: 'cancelled',
        actor: 'compliance-bot',
        outcome: expect.stringMatching(/^approved fix not run: /),
      },
    ]);
  });

  it('runs the plan when the stored finding is still open (or its resolution had another reason)', async () => {
    // Prepare
    const { approvals, audit, execute } = setup();
    const task = createTask({
      executor: { execute },
      audit,
      approvals,
      findings: { get: async () => Object.assign(structuredClone(finding), { status: 'resolved' as const }) },
    });

    // Act
    await task(input());

    // Assess
    expect(execute).toHaveBeenCalledTimes(1);
  });
});
