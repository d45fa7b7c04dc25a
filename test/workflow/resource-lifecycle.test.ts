import { afterEach, describe, expect, it, vi } from 'vitest';
import { FixtureConfigItemSource } from '../../functions/adapters/local/fixture-config-items';
import type { LocalRuntime } from '../../functions/local/runtime';
import type { AuditRecord } from '../../functions/ports/audit-log';
import type { StoredFinding } from '../../functions/ports/findings-store';
import type { ConfigItemSource } from '../../functions/ports/inventory-source';
import { deletedBucketEvent } from './deleted-bucket';
import { bucketEvent, fixture, testRuntime } from './support';

/**
 * A resource's lifecycle through the real triage.asl.json and remediation.asl.json (local runtime):
 * a deletion resolves its findings with that reason and withdraws the pending approval of a fix; a
 * Config item older than the latest one applied for its resource changes nothing.
 */

const runtimes: LocalRuntime[] = [];
afterEach(() => {
  for (const r of runtimes.splice(0)) r.stop();
});

type Event = ReturnType<typeof bucketEvent>;
type Item = Record<string, unknown>;

/** The fixture bucket's Config change, captured at `captureTime` (and a state id from it). */
function bucketAt(captureTime: string, options: { compliant?: boolean; id: string }): Event {
  const event = bucketEvent(options);
  const item = event.detail.configurationItem as Item;
  item.configurationItemCaptureTime = captureTime;
  item.configurationStateId = Date.parse(captureTime);
  return event;
}

/** The fixture bucket's deletion (see deleted-bucket.ts for its shape's sources). */
const deletion = (): Event => deletedBucketEvent();

type Output = {
  counts: Record<string, number>;
  notifications: unknown[];
  stale?: { captureTime: string; latest: { captureTime: string; eventId: string } };
};
const outputOf = (result: { status: string }) => (result as unknown as { output: Output }).output;

async function findings(store: { findings: { query(q: object): AsyncIterable<StoredFinding> } }) {
  const all: StoredFinding[] = [];
  for await (const f of store.findings.query({})) all.push(f);
  return all.sort((a, b) => a.ruleId.localeCompare(b.ruleId));
}

async function audit(store: { audit: { list(r: object): AsyncIterable<AuditRecord> } }) {
  const records: AuditRecord[] = [];
  for await (const r of store.audit.list({ from: '2000-01-01', to: '2100-01-01' })) records.push(r);
  return records;
}

/** Counts Notify invocations at the task itself (the terminal's own repeat filter must not hide one). */
function countingNotify() {
  const count = { calls: 0 };
  const wrap = {
    notify:
      (task: (input: unknown) => Promise<unknown>) =>
      async (input: unknown): Promise<unknown> => {
        count.calls++;
        return task(input);
      },
  };
  return { count, wrap };
}

describe('a deleted resource (Config item ResourceDeleted)', () => {
  it("resolves the resource's open findings with the reason, in the notices, the store and the audit trail", async () => {
    // Prepare
    const t = testRuntime({ notifyMinSeverity: 'low', approver: () => 'rejected' });
    runtimes.push(t.runtime);
    await t.runtime.triage(bucketEvent());
    await t.runtime.settle();

    // Act
    const result = await t.runtime.triage(deletion());
    await t.runtime.settle();

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(outputOf(result).counts).toMatchObject({ opened: 0, resolved: 2, stale: 0 });
    const stored = await findings(t.store);
    expect(stored.map((f) => [f.ruleId, f.status, f.resolvedReason?.code])).toEqual([
      ['s3-bucket-blocks-public-access', 'resolved', 'resource-deleted'],
      ['test-s3-bucket-has-classification-tag', 'resolved', 'resource-deleted'],
    ]);
    const why = 'the resource was deleted (AWS Config recorded ResourceDeleted at 2025-06-10T11:02:17.402Z)';
    expect(stored[0]!.resolvedReason!.text).toBe(why);
    expect(t.out.text()).toContain('RESOLVED S3 buckets block public access');
    expect(t.out.text()).toMatch(
      new RegExp(`resolved {2}by event ${deletion().id} at \\S+: ${why.replace(/[()]/g, '\\$&')}`),
    );
    const resolvedRecords = (await audit(t.store)).filter((r) => r.action === 'resolved');
    expect(resolvedRecords.map((r) => r.findingId).sort()).toEqual(stored.map((f) => f.id).sort());
    expect(resolvedRecords[0]!.outcome).toBe(`${why}; event ${deletion().id}`);
    expect(t.runtime.deadLetters.messages).toEqual([]);
  });

  it('the same deletion again changes and notifies nothing', async () => {
    // Prepare
    const notify = countingNotify();
    const t = testRuntime({ notifyMinSeverity: 'low', approver: () => 'rejected', wrap: notify.wrap });
    runtimes.push(t.runtime);
    await t.runtime.triage(bucketEvent());
    await t.runtime.triage(deletion());
    await t.runtime.settle();
    const calls = notify.count.calls;

    // Act
    const again = await t.runtime.triage(deletion());

    // Assess
    expect(outputOf(again).counts).toMatchObject({ resolved: 0, unchanged: 2, stale: 0 });
    expect(outputOf(again).notifications).toEqual([]);
    expect(notify.count.calls).toBe(calls);
  });

  it('withdraws the pending approval of a fix: the remediation ends cancelled and a late click cannot approve', async () => {
    // Prepare: nobody answers, so the approval waits.
    let requested: (id: string) => void = () => {};
    const approvalRequested = new Promise<string>((resolve) => {
      requested = resolve;
    });
    const execute = vi.fn(async () => []);
    const t = testRuntime({
      executor: { execute },
      approver: (request) => {
        requested(request.approvalId);
        return undefined;
      },
    });
    runtimes.push(t.runtime);
    await t.runtime.triage(bucketEvent());
    const approvalId = await approvalRequested;

    // Act
    const result = await t.runtime.triage(deletion());
    await t.runtime.settle();

    // Assess
    expect((outputOf(result) as { cancelledApprovals?: string[] }).cancelledApprovals).toEqual([approvalId]);
    expect(t.runtime.remediations).toHaveLength(1);
    const remediation = t.runtime.remediations[0]!;
    expect(remediation.status).toBe('SUCCEEDED');
    expect(
      (remediation as { output: { decision: string; error: { Error: string; Cause: string } } }).output,
    ).toMatchObject({
      decision: 'cancelled',
      error: { Error: 'Remediation.Cancelled', Cause: expect.stringContaining('the resource was deleted') },
    });
    expect(await t.store.approvals.get(approvalId)).toMatchObject({
      decision: 'expired',
      decidedBy: 'compliance-bot',
    });
    expect((await audit(t.store)).map((r) => r.action)).toEqual([
      'approval-requested',
      'resolved',
      'cancelled',
      'resolved',
    ]);
    expect(t.out.text()).toContain('🗑  Remediation cancelled, the resource was deleted: nothing was changed');
    expect(t.runtime.deadLetters.messages).toEqual([]);

    const click = await t.runtime.decide(approvalId, 'approved');
    expect(click.outcome?.kind).toBe('already-decided');
    expect(execute).not.toHaveBeenCalled();
  });

  it('an approved fix whose resource is deleted before Remediate runs: nothing runs, the remediation ends cancelled, not dead-lettered', async () => {
    // Prepare: the deletion is recorded between the approval and Remediate.
    const execute = vi.fn(async () => []);
    let runtime: LocalRuntime | undefined;
    const t = testRuntime({
      executor: { execute },
      approver: () => 'approved',
      wrap: {
        remediate: (task) => async (input) => {
          await runtime!.triage(deletion());
          return task(input);
        },
      },
    });
    runtime = t.runtime;
    runtimes.push(t.runtime);

    // Act
    await t.runtime.triage(bucketEvent());
    await t.runtime.settle();

    // Assess
    const remediation = t.runtime.remediations[0]!;
    expect(remediation.status).toBe('SUCCEEDED');
    expect((remediation as { output: { decision: string; error: { Error: string } } }).output).toMatchObject({
      decision: 'cancelled',
      error: { Error: 'ResourceDeletedError' },
    });
    expect(execute).not.toHaveBeenCalled();
    expect((await audit(t.store)).map((r) => r.action)).toEqual([
      'approval-requested',
      'approved',
      'resolved',
      'resolved',
      'cancelled',
    ]);
    expect(t.runtime.deadLetters.messages).toEqual([]);
  });

  it('an oversized deletion notice resolves the same way, without fetching an item', async () => {
    // Prepare
    const latest = vi.fn<ConfigItemSource['latest']>(async () => undefined);
    const t = testRuntime({ configItems: { latest } as ConfigItemSource, approver: () => 'rejected' });
    runtimes.push(t.runtime);
    await t.runtime.triage(bucketEvent());
    const oversized = fixture<{ id: string; detail: { configurationItemSummary: Item } }>(
      'config-ci-oversized.json',
    );
    Object.assign(oversized.detail.configurationItemSummary, {
      changeType: 'DELETE',
      configurationItemStatus: 'ResourceDeletedNotRecorded',
    });

    // Act
    const result = await t.runtime.triage(oversized);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(outputOf(result).counts).toMatchObject({ resolved: 2 });
    expect(latest).not.toHaveBeenCalled();
    expect((await findings(t.store))[0]!.resolvedReason?.text).toBe(
      'the resource was deleted (AWS Config recorded ResourceDeletedNotRecorded at 2025-06-10T09:20:01.114Z)',
    );
  });

  it('an item whose configuration is not recorded (ResourceNotRecorded) is not a deletion: nothing to check', async () => {
    // Prepare
    const t = testRuntime({ configItems: new FixtureConfigItemSource([]), approver: () => 'rejected' });
    runtimes.push(t.runtime);
    await t.runtime.triage(bucketEvent());
    const notRecorded = bucketAt('2025-06-10T12:00:00.000Z', { id: 'not-recorded' });
    (notRecorded.detail.configurationItem as Item).configurationItemStatus = 'ResourceNotRecorded';

    // Act
    const result = await t.runtime.triage(notRecorded);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(outputOf(result).counts).toBeUndefined();
    expect((await findings(t.store)).map((f) => f.status)).toEqual(['open', 'open']);
  });
});

describe('events out of order (per-resource watermark on the Config capture time)', () => {
  const early = () => bucketAt('2025-06-10T09:14:29.876Z', { id: 'early' });
  const fixed = () => bucketAt('2025-06-10T10:04:58.000Z', { id: 'fixed', compliant: true });

  it('an older item replayed after a newer one reopens nothing, notifies nobody, asks no approval', async () => {
    // Prepare
    const approver = vi.fn(() => 'rejected' as const);
    const notify = countingNotify();
    const t = testRuntime({ approver, notifyMinSeverity: 'low', wrap: notify.wrap });
    runtimes.push(t.runtime);
    await t.runtime.triage(early());
    await t.runtime.triage(fixed());
    await t.runtime.settle();
    const before = {
      notifyCalls: notify.count.calls,
      approvals: approver.mock.calls.length,
      text: t.out.text(),
    };

    // Act
    const replay = await t.runtime.triage(early());
    await t.runtime.settle();

    // Assess
    expect(replay.status).toBe('SUCCEEDED');
    const output = outputOf(replay);
    expect(output.counts).toMatchObject({ opened: 0, changed: 0, unchanged: 0, resolved: 0, stale: 1 });
    expect(output.notifications).toEqual([]);
    expect(output.stale).toMatchObject({
      captureTime: '2025-06-10T09:14:29.876Z',
      latest: { captureTime: '2025-06-10T10:04:58.000Z', eventId: 'fixed' },
    });
    expect((await findings(t.store)).map((f) => f.status)).toEqual(['resolved', 'resolved']);
    expect(notify.count.calls).toBe(before.notifyCalls);
    expect(approver).toHaveBeenCalledTimes(before.approvals);
    expect(t.out.text()).toBe(before.text);
    expect(t.runtime.deadLetters.messages).toEqual([]);
  });

  it('a newer item still applies after a stale one', async () => {
    // Prepare
    const t = testRuntime({ approver: () => 'rejected' });
    runtimes.push(t.runtime);
    await t.runtime.triage(early());
    await t.runtime.triage(fixed());
    await t.runtime.triage(early());

    // Act
    const later = await t.runtime.triage(bucketAt('2025-06-10T10:30:00.000Z', { id: 'broken-again' }));

    // Assess
    expect(outputOf(later).counts).toMatchObject({ opened: 2, stale: 0 });
    expect((await findings(t.store)).map((f) => f.status)).toEqual(['open', 'open']);
  });

  it('the same capture time breaks ties on configurationStateId; the same item again is applied (unchanged)', async () => {
    // Prepare
    const t = testRuntime({ approver: () => 'rejected' });
    runtimes.push(t.runtime);
    const at = '2025-06-10T10:04:58.000Z';
    const second = bucketAt(at, { id: 'second', compliant: true });
    (second.detail.configurationItem as Item).configurationStateId = 2;
    const first = bucketAt(at, { id: 'first' });
    (first.detail.configurationItem as Item).configurationStateId = 1;
    await t.runtime.triage(second);

    // Act
    const older = await t.runtime.triage(first);
    const same = await t.runtime.triage(second);

    // Assess
    expect(outputOf(older).counts).toMatchObject({ stale: 1, opened: 0 });
    expect(outputOf(same).counts).toMatchObject({ stale: 0, opened: 0 });
  });

  it('an item older than a deletion is stale: a deleted resource is not brought back by a late event', async () => {
    // Prepare
    const t = testRuntime({ approver: () => 'rejected' });
    runtimes.push(t.runtime);
    await t.runtime.triage(early());
    await t.runtime.triage(deletion());

    // Act
    const late = await t.runtime.triage(bucketAt('2025-06-10T10:00:00.000Z', { id: 'late' }));

    // Assess
    expect(outputOf(late).stale).toMatchObject({ latest: { eventId: deletion().id } });
    expect((await findings(t.store)).map((f) => f.status)).toEqual(['resolved', 'resolved']);
  });
});
