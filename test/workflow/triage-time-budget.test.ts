import { describe, expect, it } from 'vitest';
import type { MemoryStore } from '../../functions/adapters/local/memory-store';
import type { HandlerName } from '../../functions/handlers/manifest';
import { TRIAGE_CUTOFF_MS } from '../../functions/shared/execution-budget';
import { bucketEvent, simulatedClock, testRuntime } from './support';

interface Letter {
  originalEvent: unknown;
  error: { Error: string; Cause: string };
}

async function findingsIn(store: MemoryStore) {
  const found = [];
  for await (const f of store.findings.query({})) found.push(f);
  return found;
}

/**
 * Counts the calls of every triage function, and lets a test run code before a step's task. `clock`
 * is the execution's (the time budgets), `records` the clock the findings are recorded on.
 */
function triageRuntime(before: Partial<Record<HandlerName, (call: number) => void>> = {}) {
  const clock = simulatedClock();
  const records = { at: Date.parse('2026-11-18T10:00:00Z') };
  const calls: Partial<Record<HandlerName, number>> = {};
  const inputs: Partial<Record<HandlerName, unknown[]>> = {};
  const steps: HandlerName[] = ['normalize', 'evaluate', 'record', 'notify'];
  const wrap = Object.fromEntries(
    steps.map((step) => [
      step,
      (task: (input: unknown) => Promise<unknown>) => async (input: unknown) => {
        calls[step] = (calls[step] ?? 0) + 1;
        inputs[step] = [...(inputs[step] ?? []), input];
        before[step]?.(calls[step]);
        return task(input);
      },
    ]),
  );
  const { runtime, store, out } = testRuntime({
    notifyMinSeverity: 'low',
    executionClock: clock.now,
    now: () => new Date(records.at),
    wrap,
  });
  return { runtime, store, out, clock, records, calls, inputs };
}

/** What Step Functions reports when Lambda throttles the invocation: no function code runs. */
const throttled = () =>
  Object.assign(new Error('Rate exceeded'), { name: 'Lambda.TooManyRequestsException' });

describe('triage: the steps before the Map on the triage time budget', () => {
  it('a normal run is unchanged: each step gets its input with the start time, and the findings are recorded and notified', async () => {
    // Prepare
    const { runtime, store, out, calls, inputs } = triageRuntime();
    const event = bucketEvent();

    // Act
    const result = await runtime.triage(event);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(runtime.deadLetters.messages).toEqual([]);
    expect(await findingsIn(store)).toHaveLength(2);
    expect(out.text()).toContain(' HIGH  S3 buckets block public access');
    expect(calls).toEqual({ normalize: 1, evaluate: 1, record: 1, notify: 2 });
    const startTimes = new Set<unknown>();
    for (const [step, key] of [
      ['normalize', 'event'],
      ['evaluate', 'normalized'],
      ['record', 'evaluated'],
    ] as const) {
      const input = inputs[step]![0] as Record<string, unknown>;
      expect(Object.keys(input).sort(), step).toEqual(['executionStartTime', key].sort());
      startTimes.add(input.executionStartTime);
    }
    expect(inputs.normalize![0]).toMatchObject({ event });
    expect(startTimes.size).toBe(1);
  });

  it.each([
    ['normalize', 'Normalize'],
    ['evaluate', 'Evaluate'],
    ['record', 'Record'],
  ] as const)(
    'Lambda throttles %s past the triage cutoff: the attempt that runs refuses, the original event is dead-lettered, nothing is recorded or notified',
    async (step, state) => {
      // Prepare: the step's first invocation is throttled, and the retries wait past the cutoff
      const { runtime, store, out, clock, calls } = triageRuntime({
        [step]: (call: number) => {
          if (call > 1) return;
          clock.advance(TRIAGE_CUTOFF_MS + 1_000);
          throw throttled();
        },
      });
      const event = bucketEvent();

      // Act
      const result = await runtime.triage(event);

      // Assess: one dead letter, with the original event and the deadline error naming the step
      expect(result).toMatchObject({ status: 'FAILED', error: 'TriageFailed' });
      const letters = runtime.deadLetters.messages.map((m) => m.body as Letter);
      expect(letters).toHaveLength(1);
      expect(letters[0]!.originalEvent).toEqual(event);
      expect(letters[0]!.error.Error).toBe('TriageDeadlineError');
      expect(letters[0]!.error.Cause).toMatch(
        new RegExp(`${state}: the execution started 10[12] s ago, past the 100 s triage cutoff`),
      );
      // The refusal is not retried: one throttled attempt, one that refused.
      expect(calls[step]).toBe(2);
      expect(await findingsIn(store)).toEqual([]);
      expect(calls.notify).toBeUndefined();
      expect(out.text()).not.toContain('S3 buckets block public access');
    },
  );

  it('a Record attempt that starts just inside the cutoff records; the Map, past the notify cutoff, dead-letters the event and a replay notifies', async () => {
    // Prepare: Evaluate's first invocation is throttled until just before the triage cutoff
    const { runtime, store, out, clock, records } = triageRuntime({
      evaluate: (call: number) => {
        if (call > 1) return;
        // 10 s inside: the execution is stamped with the real clock, so a slow test run adds real time.
        clock.advance(TRIAGE_CUTOFF_MS - 10_000);
        throw throttled();
      },
    });
    const event = bucketEvent();

    // Act
    const result = await runtime.triage(event);

    // Assess: the findings are recorded, their notices owed, and the event dead-lettered by the Map
    expect(result).toMatchObject({ status: 'FAILED', error: 'NotificationFailed' });
    expect(await findingsIn(store)).toHaveLength(2);
    const letters = runtime.deadLetters.messages.map((m) => m.body as Letter);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ originalEvent: event, error: { Error: 'NotifyingStopped' } });
    expect(letters[0]!.error.Cause).toMatch(/NotifyDeadlineError: .*notify cutoff/);
    expect(out.text()).not.toContain('S3 buckets block public access');

    // Act: the operator redrives the dead letter 10 minutes later
    clock.reset();
    records.at += 10 * 60_000;
    const replay = await runtime.triage(letters[0]!.originalEvent);

    // Assess: the owed notices go out
    expect(replay.status).toBe('SUCCEEDED');
    expect(out.text()).toContain(' HIGH  S3 buckets block public access');
    expect((await findingsIn(store)).every((f) => f.notice?.delivered)).toBe(true);
  });
});
