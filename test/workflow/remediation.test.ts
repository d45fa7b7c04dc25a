import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import type { LocalRuntime } from '../../functions/local/runtime';
import type { AuditRecord } from '../../functions/ports/audit-log';
import type { PlannedCall, RemediationExecutor } from '../../functions/ports/remediation-executor';
import { RuleBook } from '../../functions/rulebook/engine';
import { RemediationPlanError } from '../../functions/rulebook/remediations/index';
import type { AnyRule } from '../../functions/rulebook/rule';
import { RULES } from '../../functions/rulebook/rules/index';
import { StalePlanError, TransientError } from '../../functions/shared/errors';
import { logger } from '../../functions/shared/logger';
import { lambdaHandler } from '../../functions/shared/middleware';
import type { RemediationPlanner } from '../../functions/shared/remediation-plan';
import { bucketEvent, FailingDeadLetters, testRuntime } from './support';

const runtimes: LocalRuntime[] = [];
afterEach(() => {
  for (const r of runtimes.splice(0)) r.stop();
});

/**
 * Triage of the fixture bucket starts the remediation of its public-access finding (StartExecution,
 * asynchronous); wait for that execution and return its outcome.
 */
async function remediationOfFixtureBucket(runtime: LocalRuntime) {
  return remediationOfBucket(runtime, bucketEvent());
}

async function remediationOfBucket(runtime: LocalRuntime, event: unknown) {
  const triage = await runtime.triage(event);
  expect(triage.status).toBe('SUCCEEDED');
  await runtime.settle();
  expect(runtime.remediations).toHaveLength(1);
  return runtime.remediations[0]!;
}

/** A planner that refuses every fix, as the catalog does when evidence it needs is missing. */
const cannotPlan: RemediationPlanner = async (finding) => {
  throw new RemediationPlanError(finding.remediation ?? 'none', 'evidence key "bucketName" is missing');
};

function spyExecutor() {
  const execute = vi.fn(async (_target: unknown, calls: readonly PlannedCall[]) =>
    calls.map((call) => ({ call, output: { ok: true } })),
  );
  return { execute } satisfies RemediationExecutor;
}

async function auditActions(runtime: {
  store: { audit: { list(r: { from: string; to: string }): AsyncIterable<AuditRecord> } };
}) {
  const actions: string[] = [];
  for await (const r of runtime.store.audit.list({ from: '2000-01-01', to: '2100-01-01' }))
    actions.push(r.action);
  return actions;
}

describe('remediation workflow (real remediation.asl.json, local runtime)', () => {
  it('approved: remediates, verifies, notifies the outcome, and audits every step', async () => {
    const executor = spyExecutor();
    const t = testRuntime({
      executor,
      approver: () => 'approved',
      verifier: async () => ({ status: 'pass', message: 'all four settings are on' }),
    });
    runtimes.push(t.runtime);
    const result = await remediationOfFixtureBucket(t.runtime);
    expect(result.status).toBe('SUCCEEDED');
    expect((result as { output: { decision: string } }).output.decision).toBe('approved');
    expect(executor.execute).toHaveBeenCalledTimes(1);
    expect(executor.execute.mock.calls[0]![0]).toEqual({
      accountId: '111122223333',
      region: 'eu-west-1',
      approvalId: expect.any(String),
      remediationId: 's3-put-public-access-block',
    });
    // The catalog's plan, not a placeholder: the bucket's public access block.
    expect(executor.execute.mock.calls[0]![1].map((c) => c.operation)).toEqual(['PutPublicAccessBlock']);
    expect(await auditActions(t)).toEqual(['approval-requested', 'approved', 'remediated', 'verified']);
    expect(t.out.text()).toContain('✅ Remediated: S3 buckets block public access');
    expect(t.out.text()).toContain('verification: pass: all four settings are on');
  });

  it('rejected (SendTaskFailure Remediation.Rejected): nothing is executed, the outcome says rejected', async () => {
    const executor = spyExecutor();
    const t = testRuntime({ executor, approver: () => 'rejected' });
    runtimes.push(t.runtime);
    const result = await remediationOfFixtureBucket(t.runtime);
    expect(result.status).toBe('SUCCEEDED');
    expect((result as { output: { decision: string; error: { Error: string } } }).output).toMatchObject({
      decision: 'rejected',
      error: { Error: 'Remediation.Rejected' },
    });
    expect(executor.execute).not.toHaveBeenCalled();
    expect(await auditActions(t)).toEqual(['approval-requested', 'rejected']);
    expect(t.out.text()).toContain('🚫 Remediation rejected');
  });

  it('timed out (States.Timeout): no Remediate, the approval is marked expired, a late click does nothing', async () => {
    const executor = spyExecutor();
    let approvalId = '';
    const t = testRuntime({
      executor,
      approvalTimeoutSeconds: 1,
      approver: (request) => {
        approvalId = request.approvalId;
        return undefined; // nobody answers
      },
    });
    runtimes.push(t.runtime);
    const result = await remediationOfFixtureBucket(t.runtime);
    expect(result.status).toBe('SUCCEEDED');
    expect((result as { output: { decision: string; error: { Error: string } } }).output).toMatchObject({
      decision: 'expired',
      error: { Error: 'States.Timeout' },
    });
    expect(executor.execute).not.toHaveBeenCalled();
    expect((await t.store.approvals.get(approvalId))?.decision).toBe('expired');
    expect(await auditActions(t)).toEqual(['approval-requested', 'expired']);
    expect(t.out.text()).toContain('⌛ Approval expired');

    const late = await t.runtime.decide(approvalId, 'approved');
    expect(late.outcome).toMatchObject({
      kind: 'already-decided',
      message: expect.stringContaining('already expired'),
    });
    expect(executor.execute).not.toHaveBeenCalled();
  });

  it('a double click decides once', async () => {
    let approvalId = '';
    const t = testRuntime({
      approver: async (request) => {
        approvalId = request.approvalId;
        return 'approved' as const;
      },
    });
    runtimes.push(t.runtime);
    await remediationOfFixtureBucket(t.runtime);
    const second = await t.runtime.decide(approvalId, 'rejected');
    expect(second.outcome).toMatchObject({
      kind: 'already-decided',
      message: expect.stringContaining('already approved'),
    });
    expect((await t.store.approvals.get(approvalId))?.decision).toBe('approved');
  });

  it('a failing fix is reported, audited and dead-lettered', async () => {
    const t = testRuntime({
      approver: () => 'approved',
      executor: {
        execute: async () => {
          throw Object.assign(new Error('AccessDenied on PutPublicAccessBlock'), { name: 'AccessDenied' });
        },
      },
    });
    runtimes.push(t.runtime);
    const result = await remediationOfFixtureBucket(t.runtime);
    expect(result).toMatchObject({ status: 'FAILED', error: 'RemediationFailed' });
    expect(await auditActions(t)).toEqual(['approval-requested', 'approved', 'remediation-failed']);
    expect(t.out.text()).toContain('❌ Remediation failed');
    expect(t.runtime.deadLetters.messages).toHaveLength(1);
  });

  it('remediation turned off: nothing is planned, read, requested or executed, and nothing is dead-lettered', async () => {
    // Prepare: as deployed with remediation off, no read role: a plan read would fail the plan.
    const executor = spyExecutor();
    const approver = vi.fn(() => 'approved' as const);
    const planner = vi.fn(cannotPlan);
    const t = testRuntime({ executor, approver, planner, remediationEnabled: false });
    runtimes.push(t.runtime);
    // Act
    const result = await remediationOfFixtureBucket(t.runtime);
    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED' });
    const output = (result as { output: { decision: string; plan: { remediationId: string; calls: [] } } })
      .output;
    expect(output.decision).toBe('disabled');
    expect(output.plan).toMatchObject({ remediationId: 's3-put-public-access-block', calls: [] });
    expect(planner).not.toHaveBeenCalled();
    expect(approver).not.toHaveBeenCalled();
    expect(executor.execute).not.toHaveBeenCalled();
    expect(t.runtime.deadLetters.messages).toHaveLength(0);
    expect(await auditActions(t)).toEqual([]);
    expect(t.out.text()).not.toContain('Approval needed');
    expect(t.out.text()).toContain(
      'ℹ️  Not remediated (remediation is turned off in this deployment): S3 buckets block public access',
    );
  });

  it('nothing to change: a public policy that Block Public Access already neutralises asks no approval, runs nothing, is not dead-lettered', async () => {
    // The bucket's public-policy finding (medium: RestrictPublicBuckets blocks it) offers the Block
    // Public Access fix; Plan reads the settings (from the bucket's Config item here): all on.
    const executor = spyExecutor();
    const approver = vi.fn(() => 'approved' as const);
    const t = testRuntime({
      executor,
      approver,
      book: new RuleBook([RULES['s3-bucket-policy-not-public'] as AnyRule]),
    });
    runtimes.push(t.runtime);
    const result = await remediationOfBucket(t.runtime, bucketEvent({ compliant: true }));
    expect(result).toMatchObject({ status: 'SUCCEEDED' });
    expect((result as { output: { decision: string } }).output.decision).toBe('unneeded');
    expect(approver).not.toHaveBeenCalled();
    expect(executor.execute).not.toHaveBeenCalled();
    expect(t.out.text()).not.toContain('Approval needed');
    expect(t.out.text()).toContain('No fix to run: the resource already has what the fix sets');
    expect(await auditActions(t)).toEqual([]);
    expect(t.runtime.deadLetters.messages).toHaveLength(0);
  });

  it('for contrast: with Block Public Access off, the same finding asks to turn it on', async () => {
    const approver = vi.fn(() => 'rejected' as const);
    const t = testRuntime({
      approver,
      book: new RuleBook([RULES['s3-bucket-policy-not-public'] as AnyRule]),
    });
    runtimes.push(t.runtime);
    const result = await remediationOfBucket(t.runtime, bucketEvent());
    expect((result as { output: { decision: string } }).output.decision).toBe('rejected');
    expect(approver).toHaveBeenCalledTimes(1);
  });

  it('a fix the catalog cannot plan: no approval asked, the humans are told, then dead-lettered', async () => {
    const executor = spyExecutor();
    const approver = vi.fn(() => 'approved' as const);
    const t = testRuntime({
      executor,
      approver,
      planner: cannotPlan,
    });
    runtimes.push(t.runtime);
    const result = await remediationOfFixtureBucket(t.runtime);
    expect(result).toMatchObject({ status: 'FAILED', error: 'RemediationFailed' });
    expect(approver).not.toHaveBeenCalled();
    expect(executor.execute).not.toHaveBeenCalled();
    expect(t.out.text()).toContain('❌ Remediation failed');
    expect(t.out.text()).toContain('RemediationPlanError');
    expect(t.runtime.deadLetters.messages).toHaveLength(1);
  });

  it('a click whose callback fails (throttled) leaves the request waiting; clicking again approves it, delivered once', async () => {
    // Prepare
    const executor = spyExecutor();
    let approvalId = '';
    const t = testRuntime({
      executor,
      approvalTimeoutSeconds: 30,
      approver: (request) => {
        approvalId = request.approvalId;
        return 'approved';
      },
      verifier: async () => ({ status: 'pass', message: 'fixed' }),
    });
    runtimes.push(t.runtime);
    const succeed = vi
      .spyOn(t.runtime.broker, 'succeed')
      .mockRejectedValueOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    // Act: triage starts the remediation; the approver's click does not reach the workflow
    expect((await t.runtime.triage(bucketEvent())).status).toBe('SUCCEEDED');
    await vi.waitFor(() => expect(t.runtime.failedClicks).toHaveLength(1));
    // Assess: taken back, nothing audited but the request, still waiting
    expect(t.runtime.failedClicks[0]).toMatchObject({
      approvalId,
      error: expect.stringContaining('Rate exceeded'),
    });
    expect((await t.store.approvals.get(approvalId))?.decision).toBeUndefined();
    expect(await auditActions(t)).toEqual(['approval-requested']);
    expect(t.runtime.broker.waiting).toBe(1);
    // Act: the approver clicks again
    expect((await t.runtime.decide(approvalId, 'approved')).outcome?.kind).toBe('approved');
    await t.runtime.settle();
    // Assess
    expect(t.runtime.remediations).toMatchObject([{ status: 'SUCCEEDED', output: { decision: 'approved' } }]);
    expect(succeed).toHaveBeenCalledTimes(2);
    expect(executor.execute).toHaveBeenCalledTimes(1);
    expect(await auditActions(t)).toEqual(['approval-requested', 'approved', 'remediated', 'verified']);
  });
});

describe('remediation workflow: Remediate trusts the stored approval and runs a plan once (real ASL)', () => {
  it('Remediate retried after only its final audit write was throttled: the calls run once, the outcome is remediated', async () => {
    // Prepare: the audit PutItem of 'remediated' is throttled once (TransientError: the ASL retries Remediate)
    const store = new MemoryStore();
    const append = store.audit.append.bind(store.audit);
    let throttled = 0;
    store.audit.append = async (record) => {
      if (record.action === 'remediated' && throttled++ === 0) {
        throw new TransientError('DynamoDB PutItem audit: Rate of requests exceeds the allowed throughput');
      }
      return append(record);
    };
    const executor = spyExecutor();
    const t = testRuntime({
      store,
      executor,
      approver: () => 'approved',
      verifier: async () => ({ status: 'pass', message: 'fixed' }),
    });
    runtimes.push(t.runtime);
    // Act
    const result = await remediationOfFixtureBucket(t.runtime);
    // Assess: retried (two Remediate attempts), but the member account saw one PutPublicAccessBlock
    expect(throttled).toBe(2);
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { decision: 'approved' } });
    expect(executor.execute).toHaveBeenCalledTimes(1);
    expect(await auditActions({ store })).toEqual([
      'approval-requested',
      'approved',
      'remediated',
      'verified',
    ]);
  });

  it('a stored plan that is not the one in the execution: PlanMismatchError, nothing runs, reported and dead-lettered', async () => {
    // Prepare: while the request waits, the stored approval's plan differs from the workflow's copy
    const executor = spyExecutor();
    const t = testRuntime({
      executor,
      approver: async (request) => {
        const stored = (await t.store.approvals.get(request.approvalId))!;
        const plan = structuredClone(stored.plan) as { calls: Array<{ input: Record<string, unknown> }> };
        plan.calls[0]!.input.Bucket = 'another-bucket';
        await t.store.approvals.put({ ...stored, plan });
        return 'approved' as const;
      },
    });
    runtimes.push(t.runtime);
    // Act
    const result = await remediationOfFixtureBucket(t.runtime);
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RemediationFailed' });
    expect(executor.execute).not.toHaveBeenCalled();
    expect(await auditActions(t)).toEqual(['approval-requested', 'approved', 'remediation-failed']);
    expect(t.out.text()).toContain('❌ Remediation failed');
    expect(t.out.text()).toContain('PlanMismatchError');
    expect(t.runtime.deadLetters.messages).toHaveLength(1);
  });

  it('a stale plan (StalePlanError from the executor): nothing written, the outcome says to re-run, dead-lettered', async () => {
    const outcomes: unknown[] = [];
    const t = testRuntime({
      approver: () => 'approved',
      wrap: {
        'notify-outcome': (task) => async (input) => {
          outcomes.push(input);
          return task(input);
        },
      },
      executor: {
        execute: async () => {
          throw new StalePlanError(
            'S3.GetBucketPolicy returns something else than when the plan was made; nothing was changed. ' +
              'Re-run the remediation for a fresh plan and approve that one.',
          );
        },
      },
    });
    runtimes.push(t.runtime);
    const result = await remediationOfFixtureBucket(t.runtime);
    expect(result).toMatchObject({ status: 'FAILED', error: 'RemediationFailed' });
    expect(await auditActions(t)).toEqual(['approval-requested', 'approved', 'remediation-failed']);
    expect(t.out.text()).toContain('StalePlanError');
    // NotifyOutcome gets the message (Slack shows `Error: Cause`): it tells the approver what to do.
    expect(outcomes).toEqual([
      expect.objectContaining({
        decision: 'failed',
        error: { Error: 'StalePlanError', Cause: expect.stringContaining('Re-run the remediation') },
      }),
    ]);
    expect(t.runtime.deadLetters.messages).toHaveLength(1);
  });
});

describe('remediation correlation id', () => {
  const context = {
    functionName: 'compliance-bot-task',
    awsRequestId: 'req-1',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:444455556666:function:compliance-bot-task',
    memoryLimitInMB: '512',
    functionVersion: '$LATEST',
    getRemainingTimeInMillis: () => 10_000,
  } as unknown as Context;

  it.each([
    {
      decision: 'approved' as const,
      tasks: ['plan', 'request-approval', 'remediate', 'verify', 'notify-outcome'],
    },
    { decision: 'rejected' as const, tasks: ['plan', 'request-approval', 'notify-outcome'] },
  ])(
    '$decision: every remediation task logs with the triggering event id (the house middy stack)',
    async ({ decision, tasks }) => {
      // Prepare: each task runs inside the deployed handler's middleware, which sets the logger's id
      const seen: Array<[string, unknown]> = [];
      const asDeployed = (name: string) => (task: (input: unknown) => Promise<unknown>) => {
        const handler = lambdaHandler(async (input: unknown) => {
          seen.push([name, logger.getCorrelationId()]);
          return task(input);
        });
        return (input: unknown) => handler(input, context);
      };
      const t = testRuntime({
        approver: () => decision,
        verifier: async () => ({ status: 'pass', message: 'fixed' }),
        wrap: Object.fromEntries(
          ['plan', 'request-approval', 'remediate', 'verify', 'notify-outcome'].map((n) => [
            n,
            asDeployed(n),
          ]),
        ),
      });
      runtimes.push(t.runtime);
      // Act
      expect((await t.runtime.triage(bucketEvent({ id: 'evt-remediation-correlation' }))).status).toBe(
        'SUCCEEDED',
      );
      await t.runtime.settle();
      // Assess
      expect(t.runtime.remediations).toMatchObject([{ status: 'SUCCEEDED', output: { decision } }]);
      expect(seen).toEqual(tasks.map((name) => [name, 'evt-remediation-correlation']));
    },
  );

  it('a remediation started by hand, without a correlationId, runs and logs with its execution id', async () => {
    // Prepare: a finding with a fix, recorded by triage
    const t = testRuntime({ approver: () => 'rejected' });
    runtimes.push(t.runtime);
    await t.runtime.triage(bucketEvent());
    await t.runtime.settle();
    let finding: unknown;
    for await (const f of t.store.findings.query({ status: 'open' })) if (f.remediation) finding = f;
    expect(finding).toBeDefined();
    // Act: the input an operator would give (no correlationId, as the console's "Start execution")
    const outcome = await t.runtime.remediation({ finding }, 'by-hand-1');
    // Assess
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', output: { decision: 'rejected' } });
    const output = (outcome as { output?: { correlationId?: string } }).output;
    expect(output?.correlationId).toMatch(/execution:.*by-hand-1$/);
  });

  it('a failure the dead-letter queue refuses too ends as DeadLetterFailed, after retrying the send', async () => {
    const deadLetters = new FailingDeadLetters();
    const t = testRuntime({
      deadLetters,
      planner: cannotPlan,
    });
    runtimes.push(t.runtime);
    const result = await remediationOfFixtureBucket(t.runtime);
    expect(result).toMatchObject({ status: 'FAILED', error: 'DeadLetterFailed' });
    expect(deadLetters.attempts).toBe(5);
    expect(t.out.text()).toContain('❌ Remediation failed');
  });
});
