import { describe, expect, it, vi } from 'vitest';
import { FixtureConfigItemSource } from '../../functions/adapters/local/fixture-config-items';
import type { MemoryStore } from '../../functions/adapters/local/memory-store';
import { RuleBook } from '../../functions/rulebook/engine';
import { TransientError } from '../../functions/shared/errors';
import { bucketEvent, FailingDeadLetters, fixture, testRuntime } from './support';

/** The real triage.asl.json, executed in-process with the real handlers and local adapters. */
describe('triage workflow', () => {
  it('a Config change that violates two rules: two findings recorded and notified', async () => {
    // The second rule is `low`: below the default minimum severity to notify (medium), so lower it here.
    const { runtime, store, out } = testRuntime({ notifyMinSeverity: 'low' });
    const result = await runtime.triage(bucketEvent());
    expect(result.status).toBe('SUCCEEDED');
    const output = (result as { output: { counts: Record<string, number> } }).output;
    expect(output.counts).toMatchObject({ opened: 2, changed: 0, unchanged: 0, resolved: 0 });

    const open = [];
    for await (const f of store.findings.query({ status: 'open' })) open.push(f);
    expect(open.map((f) => f.ruleId).sort()).toEqual([
      's3-bucket-blocks-public-access',
      'test-s3-bucket-has-classification-tag',
    ]);
    expect(out.text()).toContain(' HIGH  S3 buckets block public access');
    expect(out.text()).toContain('bucket has no SecurityClassification tag');
    expect(runtime.deadLetters.messages).toEqual([]);
  });

  it('the same event again: nothing new is recorded, notified or remediated', async () => {
    const approver = vi.fn(() => 'rejected' as const);
    // Counted at the Notify task itself: the terminal's own repeat filter must not hide a re-post.
    let notifyCalls = 0;
    const { runtime, out } = testRuntime({
      approver,
      notifyMinSeverity: 'low',
      wrap: {
        notify: (task) => async (input) => {
          notifyCalls++;
          return task(input);
        },
      },
    });
    await runtime.triage(bucketEvent());
    await runtime.settle();
    const firstOutput = out.text();
    expect(runtime.remediations).toHaveLength(1);
    expect(notifyCalls).toBe(2);

    const again = await runtime.triage(bucketEvent());
    await runtime.settle();
    expect(again.status).toBe('SUCCEEDED');
    expect((again as { output: { counts: Record<string, number> } }).output.counts).toMatchObject({
      opened: 0,
      changed: 0,
      unchanged: 2,
    });
    expect((again as { output: { notifications: unknown[] } }).output.notifications).toEqual([]);
    expect(notifyCalls).toBe(2);
    expect(out.text()).toBe(firstOutput);
    expect(runtime.remediations).toHaveLength(1);
    expect(approver).toHaveBeenCalledTimes(1);
  });

  it('a compliant change resolves the open findings', async () => {
    const { runtime, store, out } = testRuntime();
    await runtime.triage(bucketEvent());
    const result = await runtime.triage(bucketEvent({ compliant: true, id: 'later-event' }));
    expect(result.status).toBe('SUCCEEDED');
    expect((result as { output: { counts: Record<string, number> } }).output.counts).toMatchObject({
      opened: 0,
      resolved: 2,
    });
    const open = [];
    for await (const f of store.findings.query({ status: 'open' })) open.push(f);
    expect(open).toEqual([]);
    expect(out.text()).toContain('RESOLVED S3 buckets block public access');
  });

  it('a malformed event ends in the dead-letter queue with its original payload, and the run goes on', async () => {
    const { runtime } = testRuntime();
    const malformed = {
      id: 'bad-1',
      source: 'aws.config',
      'detail-type': 'Config Configuration Item Change',
      detail: {},
    };
    const result = await runtime.triage(malformed);
    expect(result).toMatchObject({ status: 'FAILED', error: 'TriageFailed' });
    expect(runtime.deadLetters.messages).toHaveLength(1);
    const body = runtime.deadLetters.messages[0]!.body as {
      originalEvent: unknown;
      error: { Error: string; Cause: string };
    };
    expect(body.originalEvent).toEqual(malformed);
    expect(body.error.Error).toBe('EventFormatError');
    expect(body.error.Cause).toMatch(/neither a configurationItem object nor a configurationItemSummary/);

    const next = await runtime.triage(bucketEvent());
    expect(next.status).toBe('SUCCEEDED');
  });

  it('a result too large for a Step Functions state is dead-lettered with the event, as the deployed handler refuses it', async () => {
    const { runtime, store } = testRuntime({
      wrap: {
        // A subject over 256 KiB, as an oversized item with a huge configuration could normalize to.
        normalize: (task) => async (input) =>
          Object.assign(await (task(input) as Promise<object>), { padding: 'x'.repeat(270_000) }),
      },
    });
    const result = await runtime.triage(bucketEvent());
    expect(result).toMatchObject({ status: 'FAILED', error: 'TriageFailed' });
    const body = runtime.deadLetters.messages[0]!.body as {
      originalEvent: { id: string };
      error: { Error: string; Cause: string };
    };
    expect(body.originalEvent.id).toBe(bucketEvent().id);
    expect(body.error.Error).toBe('OutputTooLargeError');
    expect(body.error.Cause).toMatch(/^normalize returned \d+ bytes of JSON/);
    for await (const _ of store.findings.query({})) expect.unreachable('nothing was recorded');
  });

  it('input errors are not retried', async () => {
    const calls = vi.fn();
    const { runtime } = testRuntime({
      wrap: {
        normalize: (task) => async (input) => {
          calls();
          return task(input);
        },
      },
    });
    await runtime.triage('not an object');
    expect(calls).toHaveBeenCalledTimes(1);
    expect(runtime.deadLetters.messages).toHaveLength(1);
  });

  it.each(['TransientError', 'Lambda.TooManyRequestsException', 'Lambda.ServiceException'])(
    'a transient %s is retried, then the execution succeeds',
    async (errorName) => {
      let failures = 0;
      const { runtime, store } = testRuntime({
        wrap: {
          record: (task) => async (input) => {
            if (failures < 2) {
              failures++;
              throw errorName === 'TransientError'
                ? new TransientError('throttled')
                : Object.assign(new Error('busy'), { name: errorName });
            }
            return task(input);
          },
        },
      });
      const result = await runtime.triage(bucketEvent());
      expect(failures).toBe(2);
      expect(result.status).toBe('SUCCEEDED');
      expect(runtime.deadLetters.messages).toEqual([]);
      expect(
        await store.findings.get(
          (result as { output: { notifications: Array<{ finding: { id: string } }> } }).output
            .notifications[0]!.finding.id,
        ),
      ).toBeDefined();
    },
  );

  it('a failure that outlasts the retries is dead-lettered with the original event', async () => {
    const { runtime } = testRuntime({
      wrap: {
        evaluate: () => async () => {
          throw new TransientError('still throttled');
        },
      },
    });
    const result = await runtime.triage(bucketEvent());
    expect(result.status).toBe('FAILED');
    const body = runtime.deadLetters.messages[0]!.body as {
      originalEvent: { id: string };
      error: { Error: string };
    };
    expect(body.originalEvent.id).toBe(bucketEvent().id);
    expect(body.error.Error).toBe('TransientError');
  });

  it('an oversized Config notification is completed through the ConfigItemSource', async () => {
    const full = bucketEvent().detail.configurationItem;
    const source = new FixtureConfigItemSource([full]);
    const latest = vi.spyOn(source, 'latest');
    const book = new RuleBook();
    const { runtime, store } = testRuntime({ configItems: source, book });
    const result = await runtime.triage(fixture('config-ci-oversized.json'));
    expect(result.status).toBe('SUCCEEDED');
    expect(latest).toHaveBeenCalledWith(
      'AWS::S3::Bucket',
      'acme-prod-customer-exports',
      '111122223333',
      'eu-west-1',
      '2025-06-10T09:20:01.114Z',
    );
    // The fetched item is judged exactly as the same item delivered inline, supplementary
    // configuration (Block Public Access, bucket policy, versioning) included.
    const inline = testRuntime({ book });
    await inline.runtime.triage(bucketEvent());
    const ruleIds = async (store: MemoryStore) => {
      const ids: string[] = [];
      for await (const f of store.findings.query({ status: 'open' })) ids.push(f.ruleId);
      return ids.sort();
    };
    const expected = await ruleIds(inline.store);
    expect(expected).toEqual(
      expect.arrayContaining(['s3-bucket-blocks-public-access', 's3-bucket-policy-not-public']),
    );
    expect(await ruleIds(store)).toEqual(expected);
    expect((result as { output: { counts: Record<string, number> } }).output.counts.opened).toBe(
      expected.length,
    );
  });

  it('an event for a resource type the rule book has no model for ends quietly', async () => {
    const { runtime } = testRuntime();
    const result = await runtime.triage(fixture('config-ci-ec2-natgateway.json'));
    expect(result.status).toBe('SUCCEEDED');
    expect(runtime.deadLetters.messages).toEqual([]);
  });

  it('a remediation is started once per finding and fingerprint (idempotent execution name)', async () => {
    const { runtime, store } = testRuntime({ approver: () => 'rejected' });
    await runtime.triage(bucketEvent());
    await runtime.triage(bucketEvent({ id: 'redelivered' }));
    await runtime.settle();
    expect(runtime.remediations).toHaveLength(1);
    expect(store.snapshot().executions).toHaveLength(1);
    expect(store.snapshot().executions[0]).toMatch(/^[0-9a-f]{24}-[0-9a-f]{16}-[0-9a-z]+$/);
  });
});

describe('triage: nothing is lost when a step or the dead-letter queue fails', () => {
  const TAG_RULE = 'test-s3-bucket-has-classification-tag';
  /** Notify fails for the classification-tag finding only (an error no retrier matches). */
  const notifyFailsForTagRule = {
    notify: (task: (input: unknown) => Promise<unknown>) => async (input: unknown) => {
      // The ASL passes { item, executionStartTime } (Notify's time budget).
      if ((input as { item: { finding: { ruleId: string } } }).item.finding.ruleId === TAG_RULE)
        throw Object.assign(new Error('channel_not_found'), { name: 'SlackApiError' });
      return task(input);
    },
  };

  it('Record failing every time: the execution fails and the original event is in the dead letters with the error', async () => {
    // Prepare: the findings table refuses every write (an error no retrier matches)
    let attempts = 0;
    const { runtime, store } = testRuntime({
      wrap: {
        record: () => async () => {
          attempts++;
          throw Object.assign(new Error('Requested resource not found'), {
            name: 'ResourceNotFoundException',
          });
        },
      },
    });
    const event = bucketEvent({ id: 'record-fails' });
    // Act
    const result = await runtime.triage(event);
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'TriageFailed' });
    expect(attempts).toBe(1);
    expect(runtime.deadLetters.messages).toHaveLength(1);
    const [letter] = runtime.deadLetters.messages;
    expect((letter!.body as { originalEvent?: unknown }).originalEvent).toEqual(event);
    expect(letter!.body).toMatchObject({
      error: {
        Error: 'ResourceNotFoundException',
        Cause: expect.stringContaining('Requested resource not found'),
      },
    });
    for await (const _ of store.findings.query({})) expect.unreachable('nothing was recorded');
  });

  it('the dead-letter queue refusing the message too: the send is retried, then the execution fails as DeadLetterFailed', async () => {
    // Prepare
    const deadLetters = new FailingDeadLetters();
    const { runtime } = testRuntime({ deadLetters });
    // Act
    const result = await runtime.triage({ id: 'bad-1', source: 'aws.config', detail: {} });
    // Assess: a distinct failure (the alarm fires and says what was lost), after 1 + 4 attempts.
    expect(result).toMatchObject({ status: 'FAILED', error: 'DeadLetterFailed' });
    expect((result as { cause: string }).cause).toMatch(/original event .* NOT kept/);
    expect(deadLetters.attempts).toBe(5);
  });

  it('a finding that cannot be notified is dead-lettered with the original event; the others are still notified and remediated', async () => {
    // Prepare
    const event = bucketEvent();
    const { runtime, out } = testRuntime({
      wrap: notifyFailsForTagRule,
      approver: () => 'rejected',
      notifyMinSeverity: 'info',
    });
    // Act
    const result = await runtime.triage(event);
    await runtime.settle();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'NotificationFailed' });
    expect(runtime.deadLetters.messages).toHaveLength(1);
    const body = runtime.deadLetters.messages[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      originalEvent: event,
      error: { Error: 'SlackApiError', Cause: expect.stringContaining('channel_not_found') },
      item: { kind: 'opened', findingId: expect.any(String) },
    });
    // The finding is derived again from the original event: not repeated next to it (payload limit).
    expect(body).not.toHaveProperty('finding');
    expect(out.text()).toContain(' HIGH  S3 buckets block public access');
    expect(runtime.remediations).toHaveLength(1);
  });

  it("an item whose dead letter fails is dead-lettered again by the Map's Catch, with the original event", async () => {
    // Prepare: SQS refuses the item's 1 + 4 attempts, then accepts.
    const event = bucketEvent();
    const deadLetters = new FailingDeadLetters(5);
    const { runtime } = testRuntime({ wrap: notifyFailsForTagRule, deadLetters, notifyMinSeverity: 'info' });
    // Act
    const result = await runtime.triage(event);
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'TriageFailed' });
    expect(deadLetters.messages).toHaveLength(1);
    expect(deadLetters.messages[0]!.body).toMatchObject({
      originalEvent: event,
      error: { Error: 'DeadLetterFailed' },
    });
  });

  it('a burst that throttles Notify for a while is absorbed by the retries, not dead-lettered', async () => {
    let throttled = 0;
    const { runtime } = testRuntime({
      notifyMinSeverity: 'info',
      wrap: {
        notify: (task) => async (input) => {
          if (throttled < 10) {
            throttled++;
            throw Object.assign(new Error('Rate exceeded'), { name: 'Lambda.TooManyRequestsException' });
          }
          return task(input);
        },
      },
    });
    const result = await runtime.triage(bucketEvent());
    expect(throttled).toBe(10);
    expect(result.status).toBe('SUCCEEDED');
    expect(runtime.deadLetters.messages).toEqual([]);
  });
});

describe('triage: a finding that reopens', () => {
  it('starts a new remediation (a new execution name), a redelivery does not', async () => {
    let clock = Date.parse('2026-11-18T10:00:00Z');
    const { runtime } = testRuntime({ approver: () => 'rejected', now: () => new Date(clock) });
    await runtime.triage(bucketEvent());
    await runtime.triage(bucketEvent({ id: 'redelivered' }));
    clock += 60_000;
    await runtime.triage(bucketEvent({ compliant: true, id: 'fixed' }));
    clock += 60_000;
    await runtime.triage(bucketEvent({ id: 'broken-again' }));
    await runtime.settle();
    expect(runtime.remediations).toHaveLength(2);
    expect(new Set(runtime.remediations.map((r) => r.executionId)).size).toBe(2);
  });
});

describe('triage: one resource name in two accounts is two findings', () => {
  const A = '111122223333';
  const B = '444455556666';
  /** The event as account B's copy of the same resource would send it. */
  const inAccountB = <T>(event: T): T => JSON.parse(JSON.stringify(event).replaceAll(A, B)) as T;
  async function openFindings(store: MemoryStore) {
    const open: Array<{ id: string; ruleId: string; account: string | undefined }> = [];
    for await (const f of store.findings.query({ status: 'open' })) {
      open.push({ id: f.id, ruleId: f.ruleId, account: f.resource.accountId });
    }
    return open;
  }

  it("the same bucket from two accounts opens two findings per rule; one account's fix resolves only its own", async () => {
    // Prepare
    const { runtime, store } = testRuntime({ notifyMinSeverity: 'low' });
    const rules = ['s3-bucket-blocks-public-access', 'test-s3-bucket-has-classification-tag'];
    // Act
    const first = await runtime.triage(bucketEvent());
    const second = await runtime.triage(inAccountB(bucketEvent({ id: 'from-b' })));
    // Assess: B's event opens its own findings, it is not A's seen again
    for (const r of [first, second]) {
      expect((r as { output: { counts: Record<string, number> } }).output.counts).toMatchObject({
        opened: 2,
        unchanged: 0,
      });
    }
    const open = await openFindings(store);
    expect(open).toHaveLength(4);
    expect(new Set(open.map((f) => f.id)).size).toBe(4);
    for (const rule of rules) {
      expect(
        open
          .filter((f) => f.ruleId === rule)
          .map((f) => f.account)
          .sort(),
      ).toEqual([A, B]);
    }

    // Act: account A fixes its bucket
    const fixed = await runtime.triage(bucketEvent({ compliant: true, id: 'fixed-in-a' }));
    // Assess: A's findings resolve; B's stay open
    expect((fixed as { output: { counts: Record<string, number> } }).output.counts).toMatchObject({
      resolved: 2,
    });
    expect((await openFindings(store)).map((f) => f.account)).toEqual([B, B]);
  });

  it('StopLogging on a same-named trail in two accounts is two findings; StartLogging in one resolves only its own', async () => {
    // Prepare: org-wide naming puts a "workload-audit-trail" in every account
    const { runtime, store } = testRuntime({ book: new RuleBook() });
    const stop = fixture<{ id: string; detail: { eventName: string } }>('cloudtrail-stoplogging.json');
    const start = structuredClone(stop);
    start.id = 'start-in-b';
    start.detail.eventName = 'StartLogging';
    // Act
    await runtime.triage(stop);
    await runtime.triage(inAccountB({ ...stop, id: 'stop-in-b' }));
    const stoppedTrails = (await openFindings(store)).filter(
      (f) => f.ruleId === 'cloudtrail-logging-stopped',
    );
    await runtime.triage(inAccountB(start));
    // Assess
    expect(stoppedTrails.map((f) => f.account).sort()).toEqual([A, B]);
    expect(new Set(stoppedTrails.map((f) => f.id)).size).toBe(2);
    const stillStopped = (await openFindings(store)).filter((f) => f.ruleId === 'cloudtrail-logging-stopped');
    expect(stillStopped.map((f) => f.account)).toEqual([A]);
  });
});

describe('triage: the minimum severity to notify', () => {
  const openIds = async (store: ReturnType<typeof testRuntime>['store']) => {
    const ids: string[] = [];
    for await (const f of store.findings.query({ status: 'open' })) ids.push(f.ruleId);
    return ids.sort();
  };

  it('by default (medium) a low finding is recorded but not notified; the high one is, with its remediation', async () => {
    // Prepare
    const approver = vi.fn(() => 'rejected' as const);
    const { runtime, store, out } = testRuntime({ approver });
    // Act
    const result = await runtime.triage(bucketEvent());
    await runtime.settle();
    // Assess
    const output = (result as { output: { counts: Record<string, number>; notifications: unknown[] } })
      .output;
    expect(output.counts).toMatchObject({ opened: 2, belowMinSeverity: 1 });
    expect(output.notifications).toHaveLength(1);
    expect(await openIds(store)).toEqual([
      's3-bucket-blocks-public-access',
      'test-s3-bucket-has-classification-tag',
    ]);
    expect(out.text()).toContain(' HIGH  S3 buckets block public access');
    expect(out.text()).not.toContain('SecurityClassification');
    expect(runtime.remediations).toHaveLength(1);
    expect(approver).toHaveBeenCalledTimes(1);
  });

  it('a finding with a fix below the minimum is recorded, not notified, and starts no remediation', async () => {
    // Prepare
    const approver = vi.fn(() => 'approved' as const);
    const { runtime, store, out } = testRuntime({ approver, notifyMinSeverity: 'critical' });
    // Act
    const opened = await runtime.triage(bucketEvent());
    await runtime.settle();
    const resolved = await runtime.triage(bucketEvent({ compliant: true, id: 'fixed' }));
    // Assess
    expect(opened.status).toBe('SUCCEEDED');
    expect((opened as { output: { counts: Record<string, number> } }).output.counts).toMatchObject({
      opened: 2,
      belowMinSeverity: 2,
    });
    expect((resolved as { output: { counts: Record<string, number> } }).output.counts).toMatchObject({
      resolved: 2,
      belowMinSeverity: 2,
    });
    expect(await openIds(store)).toEqual([]);
    expect(out.text()).toBe('');
    expect(runtime.remediations).toEqual([]);
    expect(store.snapshot().executions).toEqual([]);
    expect(approver).not.toHaveBeenCalled();
    expect(runtime.deadLetters.messages).toEqual([]);
  });
});
