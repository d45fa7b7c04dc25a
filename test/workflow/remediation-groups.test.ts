import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { TerminalNotifier } from '../../functions/adapters/local/terminal-notifier';
import type { Approver, LocalRuntime, LocalRuntimeOptions } from '../../functions/local/runtime';
import type { AuditRecord } from '../../functions/ports/audit-log';
import type { StoredFinding } from '../../functions/ports/findings-store';
import type {
  ApprovalRequest,
  FindingNotification,
  RemediationOutcome,
  ReportPublished,
  WorkflowNotifier,
} from '../../functions/ports/notifier';
import type { PlannedCall, RemediationExecutor } from '../../functions/ports/remediation-executor';
import { RuleBook } from '../../functions/rulebook/engine';
import type { AnyRule } from '../../functions/rulebook/rule';
import { RULES } from '../../functions/rulebook/rules/index';
import { bucketEvent, captureOutput, testRuntime } from './support';

/**
 * One event, two findings on one bucket, one fix for both (`s3-put-public-access-block`): the real
 * triage and remediation ASL, executed locally with the real handlers, ask once for the two.
 */
const PUBLIC_ACCESS = 's3-bucket-blocks-public-access'; // high here: all four settings off
const PUBLIC_POLICY = 's3-bucket-policy-not-public'; // critical here: nothing neutralises the policy
const TLS = 's3-bucket-enforces-tls'; // another fix (s3-add-tls-only-policy) on the same bucket

const book = (...ids: string[]) =>
  new RuleBook(ids.map((id) => (RULES as unknown as Record<string, AnyRule>)[id]!));

/** The bucket once both findings are fixed: Block Public Access on, and no public policy statement. */
function fixedBucket(id: string) {
  const event = bucketEvent({ compliant: true, id });
  const item = event.detail.configurationItem as { supplementaryConfiguration: Record<string, unknown> };
  item.supplementaryConfiguration.BucketPolicy = { policyText: null };
  return event;
}

/** The terminal notifier, keeping every approval request and outcome it is given. */
class Recording implements WorkflowNotifier {
  readonly requests: ApprovalRequest[] = [];
  readonly outcomes: RemediationOutcome[] = [];
  constructor(private readonly inner: WorkflowNotifier) {}
  notify(notifications: readonly FindingNotification[]) {
    return this.inner.notify(notifications);
  }
  async requestApproval(request: ApprovalRequest) {
    this.requests.push(request);
    await this.inner.requestApproval(request);
  }
  async notifyOutcome(outcome: RemediationOutcome) {
    this.outcomes.push(outcome);
    await this.inner.notifyOutcome(outcome);
  }
  reportPublished(report: ReportPublished) {
    return this.inner.reportPublished(report);
  }
}

/** A store whose first `failures` StartExecution calls (all, when omitted) fail as Step Functions refuses them. */
class StartFails extends MemoryStore {
  readonly attempts: string[] = [];
  constructor(private readonly failures = Number.POSITIVE_INFINITY) {
    super();
  }
  override startExecution(name: string): boolean {
    this.attempts.push(name);
    if (this.attempts.length <= this.failures) {
      // Not retried: the item goes straight to its Catch (dead-lettered).
      throw Object.assign(new Error('too many running executions'), {
        name: 'StepFunctions.ExecutionLimitExceededException',
      });
    }
    return super.startExecution(name);
  }
}

function spyExecutor() {
  const execute = vi.fn(async (_target: unknown, calls: readonly PlannedCall[]) =>
    calls.map((call) => ({ call, output: { ok: true } })),
  );
  return { execute } satisfies RemediationExecutor;
}

const runtimes: LocalRuntime[] = [];
afterEach(() => {
  for (const r of runtimes.splice(0)) r.stop();
});

function groupRuntime(options: Partial<LocalRuntimeOptions> & { approver?: Approver } = {}) {
  const out = captureOutput();
  const notifier = new Recording(new TerminalNotifier(out));
  const executor = spyExecutor();
  const t = testRuntime({ book: book(PUBLIC_ACCESS, PUBLIC_POLICY), notifier, executor, ...options });
  runtimes.push(t.runtime);
  return { ...t, out, notifier, executor };
}

async function openFindings(store: MemoryStore): Promise<Map<string, StoredFinding>> {
  const byRule = new Map<string, StoredFinding>();
  for await (const f of store.findings.query({ status: 'open' })) byRule.set(f.ruleId, f);
  return byRule;
}

async function auditOf(store: MemoryStore) {
  const records: AuditRecord[] = [];
  for await (const r of store.audit.list({ from: '2000-01-01', to: '2100-01-01' })) records.push(r);
  return records;
}

/** The audit trail as `action finding (+covered)`, with finding ids named by their rules. */
async function trail(store: MemoryStore) {
  const rules = new Map<string, string>();
  for await (const f of store.findings.query({})) rules.set(f.id, f.ruleId);
  return (await auditOf(store)).map((r) =>
    [r.action, rules.get(r.findingId), ...(r.coveredFindingIds ?? []).map((id) => `+${rules.get(id)}`)].join(
      ' ',
    ),
  );
}

const outcomesByRule = (outcomes: readonly RemediationOutcome[]) =>
  Object.fromEntries(
    outcomes.map((o) => [
      o.finding.ruleId,
      { status: o.status, ...(o.verification ? { verification: o.verification.status } : {}) },
    ]),
  );

describe('one approval per fix and resource (real triage + remediation ASL, local runtime)', () => {
  it('two findings on one bucket with the same fix: one request naming both; approved, the fix runs once and both are verified resolved', async () => {
    // Prepare
    const approver = vi.fn<Approver>(() => 'approved');
    const { runtime, store, out, notifier, executor } = groupRuntime({
      approver,
      verifier: async (finding) => ({ status: 'pass', message: `${finding.ruleId} passes` }),
    });

    // Act
    const triage = await runtime.triage(bucketEvent());
    await runtime.settle();

    // Assess: both findings posted, one remediation, one request (on the critical one) naming both
    expect(triage.status).toBe('SUCCEEDED');
    const findings = await openFindings(store);
    const policy = findings.get(PUBLIC_POLICY)!;
    const access = findings.get(PUBLIC_ACCESS)!;
    expect(policy.severity).toBe('critical');
    expect(access.severity).toBe('high');
    expect(out.text()).toContain(' CRITICAL  S3 bucket policies do not grant access to everyone');
    expect(out.text()).toContain(' HIGH  S3 buckets block public access (all four settings)');
    expect(runtime.remediations).toMatchObject([{ status: 'SUCCEEDED', output: { decision: 'approved' } }]);
    expect(approver).toHaveBeenCalledTimes(1);
    expect(notifier.requests).toHaveLength(1);
    const request = notifier.requests[0]!;
    expect(request.finding.id).toBe(policy.id);
    expect(request.covers?.map((f) => f.id)).toEqual([access.id]);
    expect(approver.mock.calls[0]![0].covers?.map((f) => f.id)).toEqual([access.id]);
    expect(out.text().match(/Approval needed/g)).toHaveLength(1);
    expect(out.text()).toContain(
      `   finding: S3 bucket policies do not grant access to everyone (acme-prod-customer-exports)\n   also fixes: S3 buckets block public access (all four settings) (acme-prod-customer-exports)\n`,
    );
    // The approval stored for the card names both; each finding records it as its latest request.
    const approval = (await store.approvals.get(request.approvalId))!;
    expect(approval).toMatchObject({
      findingId: policy.id,
      covers: [{ findingId: access.id, ruleId: PUBLIC_ACCESS, severity: 'high' }],
      severity: 'critical',
      decision: 'approved',
    });
    const after = await openFindings(store);
    for (const f of after.values()) {
      expect(f.latestApproval?.approvalId).toBe(request.approvalId);
      expect(f.notice).toMatchObject({ kind: 'opened', delivered: true, remediationStarted: true });
    }
    // The fix ran once; each finding's outcome is reported, with its own verification.
    expect(executor.execute).toHaveBeenCalledTimes(1);
    expect(executor.execute.mock.calls[0]![1].map((c) => c.operation)).toEqual(['PutPublicAccessBlock']);
    expect(outcomesByRule(notifier.outcomes)).toEqual({
      [PUBLIC_POLICY]: { status: 'remediated', verification: 'pass' },
      [PUBLIC_ACCESS]: { status: 'remediated', verification: 'pass' },
    });
    expect(notifier.outcomes[0]!.covers?.map((c) => c.findingId)).toEqual([access.id]);
    expect(await trail(store)).toEqual([
      `approval-requested ${PUBLIC_POLICY} +${PUBLIC_ACCESS}`,
      `approved ${PUBLIC_POLICY} +${PUBLIC_ACCESS}`,
      `remediated ${PUBLIC_POLICY} +${PUBLIC_ACCESS}`,
      `verified ${PUBLIC_POLICY}`,
      `verified ${PUBLIC_ACCESS}`,
    ]);

    // Act: Config records the fixed bucket
    const fixed = await runtime.triage(fixedBucket('fixed'));
    await runtime.settle();

    // Assess: both resolve; nothing is asked again
    expect((fixed as { output: { counts: Record<string, number> } }).output.counts).toMatchObject({
      resolved: 2,
    });
    expect(await openFindings(store)).toEqual(new Map());
    expect(approver).toHaveBeenCalledTimes(1);
  });

  it('one fix that resolves one finding and leaves the other failing: each outcome says which', async () => {
    const { runtime, out, notifier, executor } = groupRuntime({
      approver: () => 'approved',
      verifier: async (finding) =>
        finding.ruleId === PUBLIC_ACCESS
          ? { status: 'pass', message: 'all four settings are on' }
          : { status: 'fail', message: 'the policy still grants s3:GetObject to everyone' },
    });
    await runtime.triage(bucketEvent());
    await runtime.settle();
    expect(executor.execute).toHaveBeenCalledTimes(1);
    expect(outcomesByRule(notifier.outcomes)).toEqual({
      [PUBLIC_POLICY]: { status: 'remediated', verification: 'fail' },
      [PUBLIC_ACCESS]: { status: 'remediated', verification: 'pass' },
    });
    expect(out.text()).toContain(
      '✅ Remediated: S3 buckets block public access (all four settings) on acme-prod-customer-exports (verification: pass: all four settings are on)',
    );
    expect(out.text()).toContain(
      '✅ Remediated: S3 bucket policies do not grant access to everyone on acme-prod-customer-exports (verification: fail: the policy still grants s3:GetObject to everyone)',
    );
  });

  it('rejected: nothing runs, the rejection is reported and audited for both findings', async () => {
    const { runtime, store, out, notifier, executor } = groupRuntime({ approver: () => 'rejected' });
    await runtime.triage(bucketEvent());
    await runtime.settle();
    expect(runtime.remediations).toMatchObject([{ status: 'SUCCEEDED', output: { decision: 'rejected' } }]);
    expect(executor.execute).not.toHaveBeenCalled();
    expect(outcomesByRule(notifier.outcomes)).toEqual({
      [PUBLIC_POLICY]: { status: 'rejected' },
      [PUBLIC_ACCESS]: { status: 'rejected' },
    });
    expect(out.text()).toContain(
      '🚫 Remediation rejected: S3 bucket policies do not grant access to everyone on acme-prod-customer-exports',
    );
    expect(out.text()).toContain(
      '🚫 Remediation rejected: S3 buckets block public access (all four settings) on acme-prod-customer-exports',
    );
    expect(await trail(store)).toEqual([
      `approval-requested ${PUBLIC_POLICY} +${PUBLIC_ACCESS}`,
      `rejected ${PUBLIC_POLICY} +${PUBLIC_ACCESS}`,
    ]);
  });

  it('nobody decides in time: the request expires once, reported and audited for both; a late click changes nothing', async () => {
    let approvalId = '';
    const { runtime, store, out, notifier, executor } = groupRuntime({
      approvalTimeoutSeconds: 1,
      approver: (request) => {
        approvalId = request.approvalId;
        return undefined;
      },
    });
    await runtime.triage(bucketEvent());
    await runtime.settle();
    expect(runtime.remediations).toMatchObject([{ status: 'SUCCEEDED', output: { decision: 'expired' } }]);
    expect(outcomesByRule(notifier.outcomes)).toEqual({
      [PUBLIC_POLICY]: { status: 'expired' },
      [PUBLIC_ACCESS]: { status: 'expired' },
    });
    expect(out.text().match(/⌛ Approval expired/g)).toHaveLength(2);
    expect((await store.approvals.get(approvalId))?.decision).toBe('expired');
    expect(await trail(store)).toEqual([
      `approval-requested ${PUBLIC_POLICY} +${PUBLIC_ACCESS}`,
      `expired ${PUBLIC_POLICY} +${PUBLIC_ACCESS}`,
    ]);
    const late = await runtime.decide(approvalId, 'approved');
    expect(late.outcome?.kind).toBe('already-decided');
    expect(executor.execute).not.toHaveBeenCalled();
  });

  it('a fix that fails: reported on both findings, and the dead letter keeps both', async () => {
    const { runtime, store, notifier } = groupRuntime({
      approver: () => 'approved',
      executor: {
        execute: async () => {
          throw Object.assign(new Error('AccessDenied on PutPublicAccessBlock'), { name: 'AccessDenied' });
        },
      },
    });
    await runtime.triage(bucketEvent());
    await runtime.settle();
    expect(runtime.remediations).toMatchObject([{ status: 'FAILED', error: 'RemediationFailed' }]);
    expect(outcomesByRule(notifier.outcomes)).toEqual({
      [PUBLIC_POLICY]: { status: 'remediation-failed' },
      [PUBLIC_ACCESS]: { status: 'remediation-failed' },
    });
    const findings = await openFindings(store);
    expect(runtime.deadLetters.messages).toHaveLength(1);
    const input = (
      runtime.deadLetters.messages[0]!.body as {
        originalEvent: { finding: { id: string }; covers: Array<{ id: string }> };
      }
    ).originalEvent;
    expect(input.finding.id).toBe(findings.get(PUBLIC_POLICY)!.id);
    expect(input.covers.map((f) => f.id)).toEqual([findings.get(PUBLIC_ACCESS)!.id]);
    expect(await trail(store)).toEqual([
      `approval-requested ${PUBLIC_POLICY} +${PUBLIC_ACCESS}`,
      `approved ${PUBLIC_POLICY} +${PUBLIC_ACCESS}`,
      `remediation-failed ${PUBLIC_POLICY} +${PUBLIC_ACCESS}`,
    ]);
  });
});

describe('one approval per fix and resource: idempotent, nothing lost', () => {
  it('a redelivered event starts nothing new and asks nobody again', async () => {
    const approver = vi.fn<Approver>(() => 'rejected');
    const { runtime, store, notifier } = groupRuntime({ approver });
    await runtime.triage(bucketEvent());
    await runtime.settle();
    const again = await runtime.triage(bucketEvent({ id: 'redelivered' }));
    await runtime.settle();
    expect((again as { output: { notifications: unknown[] } }).output.notifications).toEqual([]);
    expect(runtime.remediations).toHaveLength(1);
    expect(store.snapshot().executions).toHaveLength(1);
    expect(store.snapshot().executions[0]).toMatch(/^[0-9a-f]{24}-[0-9a-f]{16}-[0-9a-z]+$/);
    expect(approver).toHaveBeenCalledTimes(1);
    expect(notifier.requests).toHaveLength(1);
  });

  it('the grouped start fails: both findings stay owed; a replay starts the same execution once, for both', async () => {
    // Prepare: the first StartExecution fails (not retried: the item is dead-lettered)
    const store = new StartFails(1);
    const approver = vi.fn<Approver>(() => 'rejected');
    let clock = Date.parse('2026-11-18T10:00:00Z');
    const { runtime, notifier } = groupRuntime({ store, approver, now: () => new Date(clock) });

    // Act
    const first = await runtime.triage(bucketEvent());
    await runtime.settle();

    // Assess: both posted, no remediation, both still owed their remediation
    expect(first).toMatchObject({ status: 'FAILED', error: 'NotificationFailed' });
    expect(runtime.remediations).toHaveLength(0);
    expect(runtime.deadLetters.messages).toHaveLength(1);
    for (const f of (await openFindings(store)).values()) {
      expect(f.notice).toMatchObject({ delivered: true });
      expect(f.notice?.remediationStarted).toBeUndefined();
    }

    // Act: the dead letter is redriven 10 minutes later
    clock += 10 * 60_000;
    const replay = await runtime.triage(bucketEvent());
    await runtime.settle();

    // Assess: the same group, under the same name, started once; one request naming both
    expect(replay.status).toBe('SUCCEEDED');
    expect((replay as { output: { counts: Record<string, number> } }).output.counts).toMatchObject({
      owed: 2,
    });
    expect(store.attempts).toHaveLength(2);
    expect(store.attempts[1]).toBe(store.attempts[0]);
    expect(runtime.remediations).toHaveLength(1);
    expect(notifier.requests).toHaveLength(1);
    expect(notifier.requests[0]!.covers).toHaveLength(1);
    for (const f of (await openFindings(store)).values()) {
      expect(f.notice).toMatchObject({ remediationStarted: true });
    }

    // Act and Assess: redelivered once more, later: nothing is owed, nothing starts
    clock += 10 * 60_000;
    await runtime.triage(bucketEvent({ id: 'redelivered' }));
    await runtime.settle();
    expect(store.attempts).toHaveLength(2);
    expect(approver).toHaveBeenCalledTimes(1);
  });

  it("a covered finding's post fails: the fix still asks once for both; a replay posts it and asks nobody again", async () => {
    // Prepare: the first post of the covered (high) finding fails, not retried: its item is dead-lettered
    class FailsFirstPostOf extends Recording {
      private failed = false;
      override async notify(notifications: readonly FindingNotification[]) {
        if (!this.failed && notifications.some((n) => n.finding.ruleId === PUBLIC_ACCESS)) {
          this.failed = true;
          throw new Error('the notification service is down');
        }
        await super.notify(notifications);
      }
    }
    const out = captureOutput();
    const notifier = new FailsFirstPostOf(new TerminalNotifier(out));
    const approver = vi.fn<Approver>(() => 'rejected');
    let clock = Date.parse('2026-11-18T10:00:00Z');
    const { runtime, store } = groupRuntime({ notifier, approver, now: () => new Date(clock) });

    // Act
    const first = await runtime.triage(bucketEvent());
    await runtime.settle();

    // Assess: the lead's item started the remediation covering both; the covered post is owed
    expect(first).toMatchObject({ status: 'FAILED', error: 'NotificationFailed' });
    expect(runtime.deadLetters.messages).toHaveLength(1);
    expect(notifier.requests.map((r) => r.covers?.length)).toEqual([1]);
    const access = (await openFindings(store)).get(PUBLIC_ACCESS)!;
    expect(access.notice).toMatchObject({ remediationStarted: true });
    expect(access.notice?.delivered).toBeUndefined();

    // Act: the dead letter is redriven 10 minutes later
    clock += 10 * 60_000;
    const replay = await runtime.triage(bucketEvent());
    await runtime.settle();

    // Assess: posted now, without a remediation: nobody is asked again
    const output = (
      replay as { output: { notifications: Array<{ finding: { ruleId: string }; remediation?: unknown }> } }
    ).output;
    expect(output.notifications.map((n) => [n.finding.ruleId, n.remediation])).toEqual([
      [PUBLIC_ACCESS, undefined],
    ]);
    expect(out.text()).toContain(' HIGH  S3 buckets block public access (all four settings)');
    expect(runtime.remediations).toHaveLength(1);
    expect(approver).toHaveBeenCalledTimes(1);
    expect((await openFindings(store)).get(PUBLIC_ACCESS)!.notice).toMatchObject({ delivered: true });
  });

  it('a later event that reopens the findings asks again (a new execution), covering both', async () => {
    let clock = Date.parse('2026-11-18T10:00:00Z');
    const approver = vi.fn<Approver>(() => 'rejected');
    const { runtime, notifier } = groupRuntime({ approver, now: () => new Date(clock) });
    await runtime.triage(bucketEvent());
    await runtime.triage(bucketEvent({ id: 'redelivered' }));
    clock += 60_000;
    await runtime.triage(fixedBucket('fixed'));
    clock += 60_000;
    await runtime.triage(bucketEvent({ id: 'broken-again' }));
    await runtime.settle();
    expect(runtime.remediations).toHaveLength(2);
    expect(new Set(runtime.remediations.map((r) => r.executionId)).size).toBe(2);
    expect(approver).toHaveBeenCalledTimes(2);
    expect(notifier.requests.map((r) => r.covers?.length)).toEqual([1, 1]);
  });
});

describe('one approval per fix and resource: other fixes and other resources still ask separately', () => {
  const A = '111122223333';
  const B = '444455556666';
  const inAccountB = <T>(event: T): T => JSON.parse(JSON.stringify(event).replaceAll(A, B)) as T;

  it('another fix on the same bucket, and the same bucket in another account: one request each', async () => {
    const approver = vi.fn<Approver>(() => 'rejected');
    const { runtime, notifier } = groupRuntime({ approver, book: book(PUBLIC_ACCESS, PUBLIC_POLICY, TLS) });
    await runtime.triage(bucketEvent());
    await runtime.triage(inAccountB(bucketEvent({ id: 'from-b' })));
    await runtime.settle();
    expect(runtime.remediations).toHaveLength(4);
    const requests = notifier.requests
      .map((r) => ({
        account: r.finding.resource.accountId,
        fix: r.plan.remediationId,
        findings: [r.finding, ...(r.covers ?? [])].map((f) => f.ruleId),
        accounts: [...new Set([r.finding, ...(r.covers ?? [])].map((f) => f.resource.accountId))],
      }))
      .sort((a, b) => `${a.account}${a.fix}`.localeCompare(`${b.account}${b.fix}`));
    expect(requests).toEqual([
      { account: A, fix: 's3-add-tls-only-policy', findings: [TLS], accounts: [A] },
      {
        account: A,
        fix: 's3-put-public-access-block',
        findings: [PUBLIC_POLICY, PUBLIC_ACCESS],
        accounts: [A],
      },
      { account: B, fix: 's3-add-tls-only-policy', findings: [TLS], accounts: [B] },
      {
        account: B,
        fix: 's3-put-public-access-block',
        findings: [PUBLIC_POLICY, PUBLIC_ACCESS],
        accounts: [B],
      },
    ]);
    expect(approver).toHaveBeenCalledTimes(4);
  });

  it('Plan refuses a group that mixes fixes (a hand-made input): dead-lettered, nobody asked, nothing marked', async () => {
    // Prepare: triage records the findings but cannot start their remediations (still owed)
    const store = new StartFails();
    const { runtime, notifier } = groupRuntime({
      store,
      approver: () => 'approved',
      book: book(PUBLIC_ACCESS, TLS),
    });
    await runtime.triage(bucketEvent());
    const findings = await openFindings(store);
    const [access, tls] = [findings.get(PUBLIC_ACCESS)!, findings.get(TLS)!];
    expect(tls.notice?.remediationStarted).toBeUndefined();
    // Act: a remediation started by hand whose covers holds another fix's finding
    const outcome = await runtime.remediation({ finding: access, covers: [tls] }, 'mixed-group');
    // Assess
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'RemediationFailed' });
    const letter = runtime.deadLetters.messages.at(-1)!.body as { error: { Error: string; Cause: string } };
    expect(letter.error.Error).toBe('TaskInputError');
    expect(letter.error.Cause).toContain('one remediation covers one fix of one resource');
    expect(notifier.requests).toEqual([]);
    for (const f of [access, tls]) {
      expect((await store.findings.get(f.id))!.notice?.remediationStarted).toBeUndefined();
    }
  });
});
