import { PublishCommand } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { RuleBook } from '../../functions/rulebook/engine';
import { fail } from '../../functions/rulebook/model/evaluation';
import type { AnyRule } from '../../functions/rulebook/rule';
import { NOTIFY_CUTOFF_MS } from '../../functions/shared/execution-budget';
import {
  bucketEvent,
  ownerTagRule,
  simulatedClock,
  snsAndSlackNotifier,
  testRuntime,
  withSnsAndFakeSlack,
} from './support';

/** More findings than the Map runs at once (MaxConcurrency 5): one Config change violating 24 rules. */
const RULES = 24;
const manyRules = new RuleBook(
  Array.from(
    { length: RULES },
    (_, i) =>
      ({
        ...ownerTagRule,
        id: `test-s3-check-${String(i).padStart(2, '0')}`,
        title: `S3 test check ${i}`,
        evaluate: () => fail(`check ${i} fails`),
      }) as unknown as AnyRule,
  ),
);

interface Letter {
  originalEvent?: unknown;
  error: { Error: string; Cause: string };
  item?: { kind: string; findingId: string };
  notifications?: number;
}

async function openFindings(store: MemoryStore) {
  const found = [];
  for await (const f of store.findings.query({ status: 'open' })) found.push(f);
  return found;
}

/** Notify attempts still running when the Map was stopped (Step Functions stops waiting for them). */
function tracked() {
  const running = new Set<Promise<unknown>>();
  return {
    track: <T>(p: Promise<T>) => {
      running.add(p);
      void p.catch(() => {}).finally(() => running.delete(p));
      return p;
    },
    settle: async () => {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}

describe('triage: a long Slack outage with many findings', () => {
  const env = withSnsAndFakeSlack();

  it('every item ends delivered or dead-lettered before the cutoff; a replay of the dead-lettered event delivers the rest once', async () => {
    const { client, sns, slack } = env;
    // Prepare: Slack accepts 3 posts, then answers 429 (Retry-After 30 s) until it recovers. Every
    // Notify attempt stands for 2 s of the outage (5 run at once: the retry waits overlap).
    let slackDown = true;
    let accepted = 0;
    const clock = simulatedClock();
    slack.script = (call) => {
      if (call.method !== 'chat.postMessage') return undefined;
      if (!slackDown || accepted < 3) {
        accepted++;
        return undefined;
      }
      return { status: 429, headers: { 'retry-after': '30' }, body: { ok: false, error: 'ratelimited' } };
    };
    const store = new MemoryStore();
    const notifier = snsAndSlackNotifier(store, client, slack.url);
    const attempts = tracked();
    // How old the execution was when Notify attempts started: refused ones, and ones that did work.
    const refusedAtMs: number[] = [];
    const workedAtMs: number[] = [];
    let recordClock = Date.parse('2026-11-18T10:00:00Z');
    const { runtime } = testRuntime({
      store,
      notifier,
      book: manyRules,
      notifyMinSeverity: 'info',
      now: () => new Date(recordClock),
      executionClock: clock.now,
      wrap: {
        notify: (task) => async (input) => {
          clock.advance(2_000);
          // The execution's age as Notify will see it: simulated seconds plus the real time the test
          // took (the execution is stamped with the real clock), so a slow machine cannot skew it.
          const startedAtMs =
            clock.now() - Date.parse((input as { executionStartTime: string }).executionStartTime);
          try {
            const result = await attempts.track(task(input));
            workedAtMs.push(startedAtMs);
            return result;
          } catch (error) {
            if ((error as Error).name === 'NotifyDeadlineError') refusedAtMs.push(startedAtMs);
            else workedAtMs.push(startedAtMs);
            throw error;
          }
        },
      },
    });
    const event = bucketEvent();

    // Act
    const result = await runtime.triage(event);
    await attempts.settle();

    // Assess: the execution failed as NotificationFailed, after dead-lettering
    expect(result).toMatchObject({ status: 'FAILED', error: 'NotificationFailed' });
    const letters = runtime.deadLetters.messages.map((m) => m.body as Letter);
    const stopped = letters.filter((l) => l.error.Error === 'NotifyingStopped');
    const itemLetters = letters.filter((l) => l.item);
    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatchObject({ originalEvent: event, notifications: RULES });
    expect(stopped[0]!.error.Cause).toMatch(
      /opened notice of finding .+ not sent: NotifyDeadlineError: .*notify cutoff/,
    );
    expect(itemLetters.length).toBeGreaterThan(0);
    for (const l of itemLetters) {
      expect(l).toMatchObject({ originalEvent: event, error: { Error: 'SlackRateLimitedError' } });
      expect(l.item!.kind).toBe('opened');
    }
    // No attempt past the cutoff did any work (so, in Step Functions, none is cut off at 5 minutes).
    expect(Math.max(...workedAtMs)).toBeLessThanOrEqual(NOTIFY_CUTOFF_MS);
    expect(Math.min(...refusedAtMs)).toBeGreaterThan(NOTIFY_CUTOFF_MS - 2_000);
    // Every finding is delivered, dead-lettered on its own, or (every one of them) in the event's letter.
    const findings = await openFindings(store);
    expect(findings).toHaveLength(RULES);
    const delivered = findings.filter((f) => f.notice?.delivered).map((f) => f.id);
    expect(delivered).toHaveLength(3);
    for (const l of itemLetters) expect(delivered).not.toContain(l.item!.findingId);

    // Act: Slack is back; the operator redrives the event's dead letter 10 minutes later
    slackDown = false;
    clock.reset();
    recordClock += 10 * 60_000;
    const replay = await runtime.triage(stopped[0]!.originalEvent);
    await attempts.settle();

    // Assess: exactly the findings nobody heard about are sent, each once on each channel
    expect(replay.status).toBe('SUCCEEDED');
    expect((replay as { output: { notifications: unknown[] } }).output.notifications).toHaveLength(RULES - 3);
    expect((await openFindings(store)).every((f) => f.notice?.delivered)).toBe(true);
    const posts = slack.accepted('chat.postMessage').filter((c) => !c.params.thread_ts);
    expect(posts).toHaveLength(RULES);
    expect(new Set(posts.map((c) => String(c.params.text))).size).toBe(RULES);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(RULES);
  });

  it('Lambda refusing Notify for good stops the Map at the first item out of retries: one letter, no waves', async () => {
    // Prepare
    const seen = new Set<string>();
    let calls = 0;
    const { runtime } = testRuntime({
      book: manyRules,
      notifyMinSeverity: 'info',
      wrap: {
        notify: () => async (input) => {
          calls++;
          seen.add((input as { item: { finding: { id: string } } }).item.finding.id);
          throw Object.assign(new Error('Rate exceeded'), { name: 'Lambda.TooManyRequestsException' });
        },
      },
    });

    // Act
    const result = await runtime.triage(bucketEvent());

    // Assess: one dead letter for the whole event, not one per item, wave after wave
    expect(result).toMatchObject({ status: 'FAILED', error: 'NotificationFailed' });
    const letters = runtime.deadLetters.messages.map((m) => m.body as Letter);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ error: { Error: 'NotifyingStopped' }, notifications: RULES });
    expect(letters[0]!.error.Cause).toContain('Lambda.TooManyRequestsException');
    // Each item gets 1 + 6 attempts. (Step Functions stops every iteration with the Map; the local
    // library only aborts the running ones, and the queued ones still start, so `seen` may grow past
    // the first wave here, but none of them can end in a per-item letter.)
    expect(calls).toBeGreaterThanOrEqual(7);
    expect(seen.size).toBeGreaterThanOrEqual(1);
  });
});
