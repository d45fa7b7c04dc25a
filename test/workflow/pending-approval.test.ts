import { afterEach, describe, expect, it } from 'vitest';
import type { ExecutionOutcome, LocalRuntime } from '../../functions/local/runtime';
import type { StoredFinding } from '../../functions/ports/findings-store';
import type { ApprovalRequest } from '../../functions/ports/notifier';
import { bucketEvent, testRuntime } from './support';

const runtimes: LocalRuntime[] = [];
afterEach(() => {
  for (const r of runtimes.splice(0)) r.stop();
});

interface Output {
  decision: string;
  approvalId: string;
  alreadyRequested?: { approvalId: string; expiresAt: string };
}
const output = (outcome: ExecutionOutcome) => (outcome as unknown as { output: Output }).output;

/**
 * A runtime whose approver records every request and answers with `answer(n)` (n: the request's
 * number from 1; undefined: nobody answers), and a way to wait for the n-th request.
 */
function askingRuntime(answer: (n: number) => 'approved' | 'rejected' | undefined, timeoutSeconds = 300) {
  const asked: ApprovalRequest[] = [];
  const waiters: Array<() => void> = [];
  const t = testRuntime({
    approvalTimeoutSeconds: timeoutSeconds,
    approver: (request) => {
      asked.push(request);
      for (const w of waiters.splice(0)) w();
      return answer(asked.length);
    },
  });
  runtimes.push(t.runtime);
  const requested = async (n: number) => {
    while (asked.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    return asked[n - 1]!;
  };
  return { ...t, asked, requested };
}

/** Triage of the fixture bucket: its public-access finding, whose remediation asks (and waits). */
async function bucketFinding(t: ReturnType<typeof askingRuntime>): Promise<StoredFinding> {
  expect((await t.runtime.triage(bucketEvent())).status).toBe('SUCCEEDED');
  const finding = Object.values(t.store.snapshot().findings).find(
    (f) => f.remediation === 's3-put-public-access-block',
  );
  expect(finding).toBeDefined();
  return finding!;
}

async function auditOf(t: ReturnType<typeof askingRuntime>) {
  const records = [];
  for await (const r of t.store.audit.list({ from: '2000-01-01', to: '2100-01-01' })) records.push(r);
  return records;
}

describe('one approval request per fix and resource across runs (real remediation.asl.json)', () => {
  it('a second run for the same fix and resource while the first waits: alreadyRequested, naming it; nobody asked twice', async () => {
    // Prepare: the first run asks and nobody answers yet.
    const t = askingRuntime(() => undefined);
    const finding = await bucketFinding(t);
    const first = await t.requested(1);
    // Act: another event's run for the same fix on the same bucket.
    const second = await t.runtime.remediation({ finding, correlationId: 'evt-2' }, 'second');
    // Assess
    expect(second.status).toBe('SUCCEEDED');
    expect(output(second)).toMatchObject({
      decision: 'alreadyRequested',
      alreadyRequested: { approvalId: first.approvalId, expiresAt: expect.any(String) },
    });
    expect(output(second).approvalId).not.toBe(first.approvalId);
    expect(t.asked).toHaveLength(1); // no second RequestApproval
    expect(await t.store.approvals.get(output(second).approvalId)).toBeUndefined();
    expect(t.out.text()).toContain(
      `⏳ Not asked again: the same fix on this resource already awaits a decision (nothing was changed): S3 buckets block public access (all four settings) on acme-prod-customer-exports (decide on approval ${first.approvalId}`,
    );
    const audit = await auditOf(t);
    expect(audit.map((r) => r.action)).toEqual(['approval-requested', 'already-requested']);
    expect(audit[1]).toMatchObject({
      findingId: finding.id,
      approvalId: first.approvalId,
      remediationId: 's3-put-public-access-block',
    });
  });

  it('after the first request is decided, a new run asks again', async () => {
    // Prepare: the first request waits, then is rejected; later requests are rejected at once.
    const t = askingRuntime((n) => (n === 1 ? undefined : 'rejected'));
    const finding = await bucketFinding(t);
    const first = await t.requested(1);
    await t.runtime.decide(first.approvalId, 'rejected');
    await t.runtime.settle();
    // Act
    const next = await t.runtime.remediation({ finding, correlationId: 'evt-3' }, 'next');
    // Assess
    expect(output(next).decision).toBe('rejected');
    expect(t.asked.map((r) => r.approvalId)).toEqual([first.approvalId, output(next).approvalId]);
  });

  it('after the first request timed out, a new run asks again', async () => {
    // Prepare: nobody answers the first within its one second; later requests are approved.
    const t = askingRuntime((n) => (n === 1 ? undefined : 'approved'), 1);
    const finding = await bucketFinding(t);
    await t.runtime.settle();
    expect(output(t.runtime.remediations[0]!).decision).toBe('expired');
    // Act
    const next = await t.runtime.remediation({ finding, correlationId: 'evt-4' }, 'after-expiry');
    // Assess: asked again, and only an approval reaches Remediate.
    expect(t.asked).toHaveLength(2);
    expect(output(next).decision).toBe('approved');
  });
});
