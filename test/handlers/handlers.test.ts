import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FixtureConfigItemSource } from '../../functions/adapters/local/fixture-config-items';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { createTask as evaluate } from '../../functions/handlers/evaluate/handler';
import {
  createTask as normalize,
  createHandler as normalizeHandler,
} from '../../functions/handlers/normalize/handler';
import { type NotificationItem, createTask as record } from '../../functions/handlers/record/handler';
import { RuleBook } from '../../functions/rulebook/engine';
import type { Severity } from '../../functions/rulebook/model/severity';
import { Unknown } from '../../functions/rulebook/model/unknown';
import type { AnyRule } from '../../functions/rulebook/rule';
import { RULES } from '../../functions/rulebook/rules/index';
import { env } from '../../functions/shared/env';
import { EventFormatError, NormalizationError } from '../../functions/shared/errors';
import { logger } from '../../functions/shared/logger';
import { bucketEvent, fixture, testRuleBook } from '../workflow/support';

const context = {
  functionName: 'compliance-bot-normalize',
  awsRequestId: 'req-1',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:444455556666:function:compliance-bot-normalize',
  memoryLimitInMB: '512',
  functionVersion: '$LATEST',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

afterEach(() => vi.restoreAllMocks());

/** Record on a hand-moved clock, over the bucket event's evaluation (two findings). */
async function bucketRecording(startIso: string, notifyMinSeverity: Severity) {
  const store = new MemoryStore();
  const n = normalize({ configItems: new FixtureConfigItemSource([]) });
  const evaluated = await evaluate({ book: testRuleBook() })(await n(bucketEvent()));
  const clock = { at: Date.parse(startIso) };
  const task = record({
    findings: store.findings,
    suppressions: store.suppressions,
    notifyMinSeverity,
    now: () => new Date(clock.at),
  });
  return { store, evaluated, clock, task };
}

/**
 * What triage does with a notification item once it went well: Notify marks its notice delivered,
 * and when it has a remediation, the Plan of the remediation it started marks that started (else
 * Record owes it again so the remediation starts).
 */
async function itemDone(store: MemoryStore, item: NotificationItem) {
  await store.findings.markNotified(item.finding.id, item.finding.notice!);
  if (item.remediation) await store.findings.markRemediationStarted(item.finding.id, item.finding.notice!);
}

describe('normalize', () => {
  const task = normalize({ configItems: new FixtureConfigItemSource([]) });

  it('rejects a non-EventBridge input with EventFormatError (routed to the DLQ, not retried)', async () => {
    await expect(task({ hello: 'world' })).rejects.toBeInstanceOf(EventFormatError);
    await expect(task('text')).rejects.toMatchObject({ name: 'EventFormatError' });
  });

  it('an oversized notification Config has no item for is a NormalizationError naming the resource', async () => {
    await expect(task(fixture('config-ci-oversized.json'))).rejects.toThrow(NormalizationError);
    await expect(task(fixture('config-ci-oversized.json'))).rejects.toThrow(/acme-prod-customer-exports/);
  });

  it('the middy handler logs with the EventBridge event id as correlation id and rethrows by name', async () => {
    const lines: string[] = [];
    // Powertools writes through its own Console instance: capture what it prints.
    const out = (logger as unknown as { console: Record<string, (...a: unknown[]) => void> }).console;
    for (const method of ['info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(out, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(' '));
      });
    }
    const handler = normalizeHandler({ configItems: new FixtureConfigItemSource([]) });
    const malformed = {
      id: 'evt-123',
      source: 'aws.config',
      'detail-type': 'Config Configuration Item Change',
      detail: {},
    };
    await expect(handler(malformed, context)).rejects.toMatchObject({ name: 'EventFormatError' });
    const logged = lines.join('');
    expect(logged).toContain('"correlation_id":"evt-123"');
    expect(logged).toContain('"errorName":"EventFormatError"');
    expect(logged).toContain('"function_request_id":"req-1"');
  });
});

describe('evaluate', () => {
  it('an Unknown value survives the Lambda boundary: the rule says unknown, never a false pass or fail', async () => {
    const normalized = await normalize({ configItems: new FixtureConfigItemSource([]) })(bucketEvent());
    (normalized.subject as { publicAccessBlock: unknown }).publicAccessBlock = new Unknown(
      'not in the oversized item',
    );
    const overTheWire = JSON.parse(JSON.stringify(normalized));
    const book = new RuleBook([RULES['s3-bucket-blocks-public-access'] as AnyRule]);
    const result = await evaluate({ book })(overTheWire);
    expect(result.findings).toEqual([]);
    expect(result.passed).toEqual([]);
  });

  it('passed state checks carry the same id as the finding they resolve', async () => {
    const n = normalize({ configItems: new FixtureConfigItemSource([]) });
    const book = testRuleBook();
    const failing = await evaluate({ book })(await n(bucketEvent()));
    const passing = await evaluate({ book })(await n(bucketEvent({ compliant: true })));
    expect(passing.passed.map((p) => p.findingId).sort()).toEqual(failing.findings.map((f) => f.id).sort());
  });
});

describe('evaluate: Config verdicts and activities that undo earlier ones', () => {
  const n = normalize({ configItems: new FixtureConfigItemSource([]) });
  const book = new RuleBook();

  it("an AWS Config NON_COMPLIANT verdict opens the rule book's own finding for that bucket; COMPLIANT resolves it", async () => {
    const verdict = fixture('config-rules-compliance-change.json') as {
      detail: { newEvaluationResult: { complianceType: string } };
    };
    const own = await evaluate({ book })(await n(bucketEvent()));
    const ownId = own.findings.find((f) => f.ruleId === 's3-bucket-blocks-public-access')!.id;
    const failing = await evaluate({ book })(await n(verdict));
    expect(failing.findings.map((f) => [f.ruleId, f.id])).toEqual([
      ['s3-bucket-blocks-public-access', ownId],
    ]);
    verdict.detail.newEvaluationResult.complianceType = 'COMPLIANT';
    const passing = await evaluate({ book })(await n(verdict));
    expect(passing.findings).toEqual([]);
    expect(passing.passed.map((p) => p.findingId)).toEqual([ownId]);
  });

  it('StartLogging resolves the finding StopLogging opened on the same trail', async () => {
    const stop = fixture('cloudtrail-stoplogging.json') as { detail: { eventName: string } };
    const stopped = await evaluate({ book })(await n(stop));
    const finding = stopped.findings.find((f) => f.ruleId === 'cloudtrail-logging-stopped')!;
    expect(finding).toBeDefined();
    const start = structuredClone(stop);
    start.detail.eventName = 'StartLogging';
    const started = await evaluate({ book })(await n(start));
    expect(started.passed.map((p) => p.findingId)).toContain(finding.id);
  });
});

describe('record', () => {
  it('applies suppressions before recording; an expired suppression hides nothing', async () => {
    const store = new MemoryStore();
    const n = normalize({ configItems: new FixtureConfigItemSource([]) });
    const evaluated = await evaluate({ book: testRuleBook() })(await n(bucketEvent()));
    await store.suppressions.put({
      ruleId: 'test-s3-bucket-has-classification-tag',
      resource: 'acme-prod-*',
      reason: 'classification is tracked elsewhere',
      owner: 'platform-team',
      expires: '2026-12-01',
    });
    let at = new Date('2026-11-18T10:00:00Z');
    // Every severity is notified here (the classification finding is `low`): this test is about suppressions.
    const task = record({
      findings: store.findings,
      suppressions: store.suppressions,
      notifyMinSeverity: 'info',
      now: () => at,
    });
    const first = await task(evaluated);
    expect(first.counts).toMatchObject({ opened: 1, suppressed: 1 });
    // Notify delivered it and its remediation started (otherwise Record would owe it and send it again).
    for (const x of first.notifications) await itemDone(store, x);
    at = new Date('2026-12-02T00:00:00Z');
    const second = await task(evaluated);
    expect(second.counts).toMatchObject({ opened: 1, unchanged: 1, suppressed: 0 });
    expect(second.notifications.map((x) => x.finding.ruleId)).toEqual([
      'test-s3-bucket-has-classification-tag',
    ]);
  });

  it("a reopened finding's notification leaves out its earlier open spans, which the store keeps", async () => {
    // Prepare: the bucket's findings opened, then resolved a day later
    const { store, evaluated, clock, task } = await bucketRecording('2026-11-18T10:00:00Z', 'info');
    const first = await task(evaluated);
    const passed = first.notifications.map(({ finding: f }) => ({
      findingId: f.id,
      ruleId: f.ruleId,
      resource: f.resource,
    }));
    await store.findings.record([], passed, new Date('2026-11-19T10:00:00Z'));

    // Act: the same gaps again two days later: reopened
    clock.at = Date.parse('2026-11-21T10:00:00Z');
    const reopened = await task(evaluated);

    // Assess
    expect(reopened.counts).toMatchObject({ opened: 2 });
    for (const { finding } of reopened.notifications) {
      expect(finding).not.toHaveProperty('pastOpenings');
      expect((await store.findings.get(finding.id))?.pastOpenings).toEqual([
        { openedAt: '2026-11-18T10:00:00.000Z', resolvedAt: '2026-11-19T10:00:00.000Z' },
      ]);
    }
  });

  it('an unchanged finding whose notification was never delivered is sent again once its execution is over', async () => {
    // Prepare
    const { store, evaluated, clock, task } = await bucketRecording('2026-11-18T10:00:00Z', 'info');
    const first = await task(evaluated);
    const [delivered, failed] = first.notifications;
    // The item that went through also started its remediation, if any (else it is owed for that).
    await itemDone(store, delivered!);

    // Act: another event about the bucket a minute later (the first execution may still be notifying)
    clock.at += 60_000;
    const soon = await task(evaluated);
    // and the same event again once the first execution is surely over (Express: at most 5 minutes)
    clock.at += 5 * 60_000;
    const replay = await task(evaluated);
    await itemDone(store, failed!);
    clock.at += 60_000;
    const again = await task(evaluated);

    // Assess
    expect(soon.counts).toMatchObject({ unchanged: 2, owed: 0 });
    expect(soon.notifications).toEqual([]);
    expect(replay.counts).toMatchObject({ opened: 0, changed: 0, unchanged: 2, owed: 1 });
    expect(replay.notifications).toEqual([
      {
        correlationId: failed!.correlationId,
        kind: 'opened',
        finding: expect.objectContaining({ id: failed!.finding.id, notice: failed!.finding.notice }),
        ...(failed!.remediation ? { remediation: failed!.remediation } : {}),
      },
    ]);
    expect(again.counts).toMatchObject({ unchanged: 2, owed: 0 });
    expect(again.notifications).toEqual([]);
  });

  it('a resolution whose notification was never delivered is owed like the other kinds, and not past 14 days', async () => {
    // Prepare: both findings opened and done, then the bucket is fixed: both resolve
    const { store, evaluated, clock, task } = await bucketRecording('2026-11-18T10:00:00Z', 'info');
    for (const x of (await task(evaluated)).notifications) await itemDone(store, x);
    const n = normalize({ configItems: new FixtureConfigItemSource([]) });
    const fixed = await evaluate({ book: testRuleBook() })(await n(bucketEvent({ compliant: true })));
    clock.at += 60 * 60_000;
    const resolved = await task(fixed);
    expect(resolved.counts).toMatchObject({ resolved: 2 });
    // Notify delivered one resolution; the other failed (dead-lettered)
    const [delivered, failed] = resolved.notifications;
    await itemDone(store, delivered!);

    // Act
    clock.at += 60_000; // the first execution may still be notifying
    const soon = await task(fixed);
    clock.at += 10 * 60_000; // the operator redrives the dead letter
    const replay = await task(fixed);
    await itemDone(store, failed!);
    clock.at += 60_000;
    const again = await task(fixed);

    // Assess: the resolved findings are unchanged on a replay; the undelivered resolution is owed,
    // with no remediation (a resolution starts none), and a delivered one is not owed although its
    // finding has a remediation that never started for it
    expect(soon.counts).toMatchObject({ resolved: 0, unchanged: 2, owed: 0 });
    expect(replay.counts).toMatchObject({ resolved: 0, unchanged: 2, owed: 1 });
    expect(replay.notifications).toEqual([
      {
        correlationId: failed!.correlationId,
        kind: 'resolved',
        finding: expect.objectContaining({ id: failed!.finding.id, notice: failed!.finding.notice }),
      },
    ]);
    expect(again.counts).toMatchObject({ unchanged: 2, owed: 0 });
    expect(again.notifications).toEqual([]);
    expect(resolved.notifications.some((x) => x.finding.remediation)).toBe(true);
    // The event that resolved a finding is named on its notice; a notice owed from an earlier
    // event names none (the event that sends it again did not resolve it)
    expect(resolved.notifications.map((x) => x.resolvedBy)).toEqual([
      fixed.correlationId,
      fixed.correlationId,
    ]);
    expect(replay.notifications[0]).not.toHaveProperty('resolvedBy');

    // Act and Assess: an undelivered resolution is owed for 14 days at most
    const undelivered = await bucketRecording('2026-11-01T10:00:00Z', 'info');
    for (const x of (await undelivered.task(evaluated)).notifications) await itemDone(undelivered.store, x);
    undelivered.clock.at += 60 * 60_000;
    await undelivered.task(fixed); // neither resolution delivered
    undelivered.clock.at += 13 * 24 * 3_600_000;
    expect((await undelivered.task(fixed)).counts.owed).toBe(2);
    undelivered.clock.at += 2 * 24 * 3_600_000;
    expect((await undelivered.task(fixed)).counts.owed).toBe(0);
  });

  it('a finding below the minimum severity is never owed: later events neither send nor count it again', async () => {
    const { evaluated, clock, task } = await bucketRecording('2026-11-18T10:00:00Z', 'critical');
    const first = await task(evaluated);
    expect(first.notifications).toEqual([]);
    expect(first.counts.belowMinSeverity).toBe(first.counts.opened);
    clock.at += 10 * 60_000; // well past any execution that could still be notifying
    const later = await task(evaluated);
    expect(later.notifications).toEqual([]);
    expect(later.counts).toMatchObject({ owed: 0, belowMinSeverity: 0 });
  });

  it("an undelivered notice is owed for 14 days (the dead letters' retention), then no longer", async () => {
    const { evaluated, clock, task } = await bucketRecording('2026-11-01T10:00:00Z', 'info');
    const first = await task(evaluated); // nothing marked delivered: every Notify "failed"
    clock.at += 13 * 24 * 3_600_000;
    expect((await task(evaluated)).counts.owed).toBe(first.notifications.length);
    clock.at += 2 * 24 * 3_600_000;
    const late = await task(evaluated);
    expect(late.counts.owed).toBe(0);
    expect(late.notifications).toEqual([]);
  });

  it('a delivered notice whose remediation never started is owed again, same kind and execution name, until Plan marks it', async () => {
    // Prepare: Notify delivered both findings; the remediation of the one that has one never started
    const { store, evaluated, clock, task } = await bucketRecording('2026-11-18T10:00:00Z', 'info');
    const first = await task(evaluated);
    for (const x of first.notifications) await store.findings.markNotified(x.finding.id, x.finding.notice!);
    const fixable = first.notifications.find((x) => x.remediation)!;
    expect(first.notifications.filter((x) => !x.remediation)).toHaveLength(1);

    // Act
    clock.at += 60_000; // the first execution may still be starting it
    const soon = await task(evaluated);
    clock.at += 10 * 60_000;
    const replay = await task(evaluated);
    const stale = { kind: 'opened' as const, at: '2026-01-01T00:00:00.000Z' };
    await store.findings.markRemediationStarted(fixable.finding.id, stale); // another notice: no-op
    await store.findings.markRemediationStarted('no-such-finding', fixable.finding.notice!);
    clock.at += 60_000;
    const still = await task(evaluated);
    await store.findings.markRemediationStarted(fixable.finding.id, fixable.finding.notice!);
    clock.at += 60_000;
    const done = await task(evaluated);

    // Assess
    expect(soon.counts).toMatchObject({ unchanged: 2, owed: 0 });
    expect(replay.counts).toMatchObject({ unchanged: 2, owed: 1 });
    expect(replay.notifications).toEqual([
      {
        correlationId: fixable.correlationId,
        kind: 'opened',
        finding: expect.objectContaining({ id: fixable.finding.id }),
        remediation: fixable.remediation,
      },
    ]);
    expect(still.counts.owed).toBe(1);
    expect(done.counts).toMatchObject({ unchanged: 2, owed: 0 });
    expect((await store.findings.get(fixable.finding.id))!.notice).toEqual({
      kind: 'opened',
      at: fixable.finding.notice!.at,
      delivered: true,
      remediationStarted: true,
    });
  });

  it('a late Notify never marks a newer transition of the finding delivered', async () => {
    const store = new MemoryStore();
    const n = normalize({ configItems: new FixtureConfigItemSource([]) });
    const evaluated = await evaluate({ book: testRuleBook() })(await n(bucketEvent()));
    const t1 = new Date('2026-11-18T10:00:00Z');
    const first = await record({
      findings: store.findings,
      suppressions: store.suppressions,
      notifyMinSeverity: 'info',
      now: () => t1,
    })(evaluated);
    const id = first.notifications[0]!.finding.id;
    const changed = {
      ...evaluated,
      findings: evaluated.findings.map((f) => (f.id === id ? { ...f, message: 'now worse' } : f)),
    };
    const t2 = new Date('2026-11-18T11:00:00Z');
    await record({
      findings: store.findings,
      suppressions: store.suppressions,
      notifyMinSeverity: 'info',
      now: () => t2,
    })(changed);

    await store.findings.markNotified(id, first.notifications[0]!.finding.notice!);

    expect((await store.findings.get(id))!.notice).toEqual({ kind: 'changed', at: t2.toISOString() });
  });

  it('a finding whose evidence alone changed is `changed` and notified as changed', async () => {
    // Prepare: both findings recorded and delivered
    const { store, evaluated, clock, task } = await bucketRecording('2026-11-18T10:00:00Z', 'info');
    for (const x of (await task(evaluated)).notifications) await itemDone(store, x);
    // The bucket gets another tag: the classification finding's message is the same, its evidence
    // (the tag keys it saw) is not.
    const tagged = bucketEvent();
    (tagged.detail.configurationItem.tags as Record<string, string>).DataOwner = 'exports-team';
    const retagged = await evaluate({ book: testRuleBook() })(
      await normalize({ configItems: new FixtureConfigItemSource([]) })(tagged),
    );
    const TAG = 'test-s3-bucket-has-classification-tag';
    const [before, after] = [evaluated, retagged].map((e) => e.findings.find((f) => f.ruleId === TAG)!);
    expect(after!.message).toBe(before!.message);

    // Act
    clock.at += 60_000;
    const changed = await task(retagged);
    clock.at += 60_000;
    const same = await task(structuredClone(retagged));

    // Assess
    expect(changed.counts).toMatchObject({ opened: 0, changed: 1, unchanged: 1, owed: 0 });
    expect(changed.notifications.map((x) => `${x.kind} ${x.finding.ruleId}`)).toEqual([`changed ${TAG}`]);
    expect(changed.notifications[0]!.finding.evidence).toEqual({
      tags: ['Environment', 'Owner', 'CostCenter', 'DataOwner'],
    });
    expect(same.counts).toMatchObject({ changed: 0, unchanged: 2 });
  });

  it('the same evidence with its keys in another order is `unchanged`: nobody is notified again', async () => {
    // Prepare: the public-access finding with two evidence keys, recorded and delivered
    const { store, evaluated, clock, task } = await bucketRecording('2026-11-18T10:00:00Z', 'info');
    const PUBLIC = 's3-bucket-blocks-public-access';
    const withEvidence = (evidence: Record<string, unknown>) => {
      const copy = structuredClone(evaluated);
      for (const f of copy.findings) if (f.ruleId === PUBLIC) f.evidence = evidence;
      return copy;
    };
    const settingsOff = ['blockPublicAcls', 'restrictPublicBuckets'];
    for (const x of (await task(withEvidence({ settingsOff, bucketPolicy: 'none' }))).notifications) {
      await itemDone(store, x);
    }
    // Act
    clock.at += 60_000;
    const reordered = await task(withEvidence({ bucketPolicy: 'none', settingsOff }));
    // Assess
    expect(reordered.counts).toMatchObject({ opened: 0, changed: 0, unchanged: 2, owed: 0 });
    expect(reordered.notifications).toEqual([]);
  });

  it('a wiring bug (wrong input shape) is a TaskInputError, not a crash', async () => {
    const store = new MemoryStore();
    await expect(
      record({ findings: store.findings, suppressions: store.suppressions, notifyMinSeverity: 'medium' })({
        nope: 1,
      }),
    ).rejects.toMatchObject({
      name: 'TaskInputError',
    });
  });
});

describe('record: the minimum severity to notify', () => {
  const n = normalize({ configItems: new FixtureConfigItemSource([]) });
  const PUBLIC = 's3-bucket-blocks-public-access'; // high, has a remediation
  const TAG = 'test-s3-bucket-has-classification-tag'; // low, no remediation
  type Evaluated = Awaited<ReturnType<ReturnType<typeof evaluate>>>;

  async function setup(notifyMinSeverity: Severity = 'medium') {
    // Prepare
    const store = new MemoryStore();
    let clock = Date.parse('2026-11-18T10:00:00Z');
    const task = record({
      findings: store.findings,
      suppressions: store.suppressions,
      notifyMinSeverity,
      now: () => {
        clock += 60_000;
        return new Date(clock);
      },
    });
    const book = testRuleBook();
    const failing = await evaluate({ book })(await n(bucketEvent()));
    const passing = await evaluate({ book })(await n(bucketEvent({ compliant: true })));
    return { store, task, failing, passing };
  }
  /** The same evaluation with one finding's severity replaced (a new fingerprint: `changed`). */
  function withSeverity(evaluated: Evaluated, ruleId: string, severity: string): Evaluated {
    const copy = structuredClone(evaluated);
    for (const f of copy.findings) if (f.ruleId === ruleId) (f as { severity: string }).severity = severity;
    return copy;
  }
  const kinds = (r: { notifications: Array<{ kind: string; finding: { ruleId: string } }> }) =>
    r.notifications.map((x) => `${x.kind} ${x.finding.ruleId}`);

  it('records a finding below the minimum but leaves it out of the notifications (no post, no remediation)', async () => {
    const { store, task, failing } = await setup();
    // Act
    const result = await task(failing);
    // Assess
    expect(result.counts).toMatchObject({ opened: 2, belowMinSeverity: 1 });
    expect(kinds(result)).toEqual([`opened ${PUBLIC}`]);
    expect(result.notifications[0]!.remediation?.id).toBe('s3-put-public-access-block');
    const low = failing.findings.find((f) => f.ruleId === TAG)!;
    expect(await store.findings.get(low.id)).toMatchObject({
      status: 'open',
      severity: 'low',
      peakSeverity: 'low',
    });
  });

  it('posts the resolution of a posted finding only: nobody hears that an unseen finding was resolved', async () => {
    const { store, task, failing, passing } = await setup();
    await task(failing);
    // Act
    const result = await task(passing);
    // Assess
    expect(result.counts).toMatchObject({ resolved: 2, belowMinSeverity: 1 });
    expect(kinds(result)).toEqual([`resolved ${PUBLIC}`]);
    const low = failing.findings.find((f) => f.ruleId === TAG)!;
    expect((await store.findings.get(low.id))?.status).toBe('resolved');
  });

  it('a low finding that becomes high is posted (with its remediation, if any), and so is its resolution', async () => {
    const { task, failing, passing } = await setup();
    await task(failing);
    // Act
    const raised = await task(withSeverity(failing, TAG, 'high'));
    const resolved = await task(passing);
    // Assess
    expect(kinds(raised)).toEqual([`changed ${TAG}`]);
    expect(raised.counts.belowMinSeverity).toBe(0);
    expect(kinds(resolved)).toEqual([`resolved ${PUBLIC}`, `resolved ${TAG}`]);
  });

  it('a posted finding that drops below the minimum is still followed (card updated, resolution posted)', async () => {
    const { task, failing, passing } = await setup();
    await task(failing);
    // Act
    const lowered = await task(withSeverity(failing, PUBLIC, 'low'));
    const resolved = await task(passing);
    const reopenedLow = await task(withSeverity(failing, PUBLIC, 'low'));
    // Assess
    expect(kinds(lowered)).toEqual([`changed ${PUBLIC}`]);
    expect(lowered.notifications[0]!.finding).toMatchObject({ severity: 'low', peakSeverity: 'high' });
    expect(kinds(resolved)).toEqual([`resolved ${PUBLIC}`]);
    // Reopened as low: a new opening, judged afresh.
    expect(reopenedLow.counts).toMatchObject({ opened: 2, belowMinSeverity: 2 });
    expect(kinds(reopenedLow)).toEqual([]);
  });

  it.each([
    ['info', 2, 0],
    ['low', 2, 0],
    ['medium', 1, 1],
    ['high', 1, 1],
    ['critical', 0, 2],
  ] as const)('with notifyMinSeverity %s: %i notified, %i held back', async (min, notified, held) => {
    const { task, failing } = await setup(min);
    const result = await task(failing);
    expect(result.notifications).toHaveLength(notified);
    expect(result.counts).toMatchObject({ opened: 2, belowMinSeverity: held });
  });
});

describe('env', () => {
  it('APPROVERS: per-severity JSON or one list for every severity; bad JSON is a clear error', () => {
    expect(env({ APPROVERS: '{"critical":["U1"],"high":["U1","U2"]}' }).APPROVERS).toEqual({
      critical: ['U1'],
      high: ['U1', 'U2'],
    });
    expect(env({ APPROVERS: 'U1, U2' }).APPROVERS.low).toEqual(['U1', 'U2']);
    expect(() => env({ APPROVERS: '{"urgent":["U1"]}' })).toThrow(/APPROVERS/);
    expect(env({}).APPROVAL_TIMEOUT_SECONDS).toBe(86_400);
    expect(env({ REMEDIATION_ENABLED: 'false' }).REMEDIATION_ENABLED).toBe(false);
    expect(() => env({ TOPIC_ARN: 'not-an-arn' })).toThrow(/TOPIC_ARN/);
  });

  it('NOTIFY_MIN_SEVERITY: a severity, default medium (as cdk.json); anything else names the variable', () => {
    expect(env({}).NOTIFY_MIN_SEVERITY).toBe('medium');
    expect(env({ NOTIFY_MIN_SEVERITY: 'high' }).NOTIFY_MIN_SEVERITY).toBe('high');
    expect(() => env({ NOTIFY_MIN_SEVERITY: 'urgent' })).toThrow(
      'invalid environment: NOTIFY_MIN_SEVERITY: must be one of critical, high, medium, low, info',
    );
    expect(() => env({ NOTIFY_MIN_SEVERITY: 'HIGH' })).toThrow(/NOTIFY_MIN_SEVERITY/);
  });

  it('the Record function fails its cold start on a malformed NOTIFY_MIN_SEVERITY, and uses a valid one', async () => {
    vi.stubEnv('TABLE_NAME', 'findings');
    try {
      vi.stubEnv('NOTIFY_MIN_SEVERITY', 'urgent');
      vi.resetModules();
      await expect(import('../../functions/handlers/record/index')).rejects.toThrow(/NOTIFY_MIN_SEVERITY/);
      vi.stubEnv('NOTIFY_MIN_SEVERITY', 'high');
      vi.resetModules();
      await expect(import('../../functions/handlers/record/index')).resolves.toHaveProperty('handler');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
