import { describe, expect, it } from 'vitest';
import { HANDLERS, handlerEntry } from '../../functions/handlers/manifest';
import {
  EXPRESS_EXECUTION_LIMIT_MS,
  NOTIFY_CUTOFF_MS,
  TRIAGE_CUTOFF_MS,
} from '../../functions/shared/execution-budget';
import { definitionOf, type Retrier, retryWaits, type State, worstWaitSeconds } from './asl-model';

/**
 * How late can a triage execution still be busy, computed from the deployed ASL file? Step Functions
 * stops an Express execution at 300 s whatever state it is in, and runs no Catch then: the event
 * would be lost. Two cutoffs bound it: the triage cutoff (Normalize, Evaluate, Record) and the
 * notify cutoff (Notify, inside the Map).
 *
 * The time model, from the file alone:
 * - a Task attempt lasts at most its TimeoutSeconds;
 * - except an attempt the Lambda service refuses (REFUSED: throttling and the service's own errors),
 *   which returns before any function code runs, and a function's refusal past its cutoff (Notify;
 *   Normalize, Evaluate, Record), its first statement before any I/O: at most REFUSED_ATTEMPT_S each;
 * - the n-th retry of a retrier waits at most min(IntervalSeconds × BackoffRate^n, MaxDelaySeconds)
 *   (full jitter only shortens it), and every retrier counts its own attempts, so a Task can exhaust
 *   them all.
 *
 * Why the Map's number of items (waves of MaxConcurrency) does not appear: every Notify attempt that
 * runs checks the cutoff first, and past it nothing ends an item but stopping the whole Map
 * (NotifyDeadlineError, or the refused errors once their retries are spent). So after the last
 * attempt that started work before the cutoff, at most that item's own end, one more item per
 * freed slot reaching its refusal, and the Map's dead letter of the event can follow.
 *
 * Before the Map, the same reasoning with the triage cutoff: every attempt of Normalize, Evaluate or
 * Record that runs checks it first, and past it refuses with TriageDeadlineError, which no retrier
 * retries and the catch-all dead-letters. So after the last attempt that started work by the cutoff
 * (at most its TimeoutSeconds), either it failed (one retry wait, the refused attempts of its
 * Task, the refusal) or it succeeded (the next Task's refused attempts and refusal; after Record,
 * the Map starts), then the event's dead letter. A Map that starts past the notify cutoff refuses at
 * its first Notify attempts that run.
 */
const REFUSED_ATTEMPT_S = 1;
/** "Well inside" the limit: room for state transitions and clock skew between Step Functions and Lambda. */
const MARGIN_S = 30;
const REFUSED = [
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
];

const triage = definitionOf('triage.asl.json');
const map = triage.States.NotifyEach!;
const items = map.ItemProcessor!.States;
const notify = items.Notify!;

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const seconds = (ms: number) => ms / 1000;
const LIMIT_S = seconds(EXPRESS_EXECUTION_LIMIT_MS);

/** The Task states from StartAt to the Map, in order (a Choice followed to its Default). */
function stepsBeforeMap(): string[] {
  const names: string[] = [];
  let name = triage.StartAt;
  while (triage.States[name]!.Type !== 'Map') {
    const state = triage.States[name]!;
    if (state.Type === 'Task') names.push(name);
    name = state.Next ?? state.Default!;
  }
  return names;
}
const preMap = stepsBeforeMap();

/** Every retrier exhausted, every attempt running to its TimeoutSeconds. */
function worstTaskSeconds(task: State): number {
  const retries = task.Retry ?? [];
  const attempts = 1 + sum(retries.map((r) => r.MaxAttempts ?? 3));
  return attempts * task.TimeoutSeconds! + sum(retries.map((r) => worstWaitSeconds(r)));
}

const isRefusedRetrier = (r: Retrier) => r.ErrorEquals.every((e) => REFUSED.includes(e));

/** Attempts Lambda refuses, every refused retrier exhausted: each attempt and each wait. */
function refusedRunOf(task: State): number {
  const refused = task.Retry!.filter(isRefusedRetrier);
  return sum(refused.map((r) => (r.MaxAttempts ?? 3) * REFUSED_ATTEMPT_S + worstWaitSeconds(r)));
}

/** After a failed attempt that ran: the longest single wait before the next attempt (0: none). */
function waitAfterRanOf(task: State): number {
  const ran = task.Retry!.filter((r) => !isRefusedRetrier(r));
  return Math.max(0, ...ran.map((r) => Math.max(...retryWaits(r))));
}

/** The first Catch that matches `error` (States.ALL matches everything). */
const catchOf = (task: State, error: string) =>
  task.Catch!.find((c) => c.ErrorEquals.includes(error) || c.ErrorEquals.includes('States.ALL'))!;

const stopCatch = notify.Catch!.find((c) => c.ErrorEquals.includes('NotifyDeadlineError'))!;
const mapCatch = (error: string) => map.Catch!.find((c) => c.ErrorEquals.includes(error))!;

/** The Map, from the notify cutoff: whenever the Map started, the latest it can still be busy. */
function worstCase() {
  const attempt = notify.TimeoutSeconds!;
  // Delivered, then its remediation fails to start and is dead-lettered (also covers a plain item dead letter).
  const afterDelivered =
    worstTaskSeconds(items.StartRemediation!) + worstTaskSeconds(items.SendItemToDeadLetter!);
  // Attempts Lambda refuses, all retries spent, then the refusal that stops the Map.
  const refusedRun = refusedRunOf(notify);
  const eventLetter = Math.max(
    worstTaskSeconds(triage.States[mapCatch('NotifyingStopped').Next]!),
    worstTaskSeconds(triage.States[mapCatch('States.ALL').Next]!),
  );
  const cutoff = seconds(NOTIFY_CUTOFF_MS);
  const parts = {
    cutoff,
    attempt,
    afterAttempt: Math.max(waitAfterRanOf(notify), afterDelivered),
    refusedRun,
    refusal: REFUSED_ATTEMPT_S,
    eventLetter,
  };
  return { parts, total: sum(Object.values(parts)), refusedRun, eventLetter };
}

/**
 * Before the Map, from the triage cutoff: the latest the Map can start, and the latest a Task
 * before it can have the event dead-lettered.
 */
function preMapWorstCase() {
  const cutoff = seconds(TRIAGE_CUTOFF_MS);
  // The last attempt that did work started by the cutoff, in step `name`; what follows it until the
  // event's dead letter starts.
  const tails = preMap.map((name, i) => {
    const task = triage.States[name]!;
    const next = preMap[i + 1];
    const failed = waitAfterRanOf(task) + refusedRunOf(task);
    const succeeded = next ? refusedRunOf(triage.States[next]!) : 0;
    return task.TimeoutSeconds! + Math.max(failed, succeeded) + REFUSED_ATTEMPT_S;
  });
  const eventLetter = Math.max(
    ...preMap.map((name) =>
      worstTaskSeconds(triage.States[catchOf(triage.States[name]!, 'TriageDeadlineError').Next]!),
    ),
  );
  const deadLettered = cutoff + Math.max(...tails) + eventLetter;
  // Only a success of the last step starts the Map, and only an attempt that started by the cutoff succeeds.
  const mapStart = cutoff + triage.States[preMap.at(-1)!]!.TimeoutSeconds!;
  return { mapStart, deadLettered, parts: { cutoff, tails, eventLetter } };
}

/** The whole execution: the Map's bound, a Map that starts late, or a dead letter before the Map. */
function executionWorstCase() {
  const map = worstCase();
  const before = preMapWorstCase();
  // A Map that starts past the notify cutoff: every Notify attempt that runs refuses at once.
  const lateMap = before.mapStart + map.refusedRun + REFUSED_ATTEMPT_S + map.eventLetter;
  const parts = { map: map.total, lateMap, beforeMap: before.deadLettered };
  return { parts, total: Math.max(...Object.values(parts)) };
}

describe('triage: no Map item is cut off by the Express 5-minute limit', () => {
  it('a Notify attempt cannot outlast its TimeoutSeconds: the function times out first', () => {
    expect(handlerEntry('notify').timeoutSeconds).toBeLessThanOrEqual(notify.TimeoutSeconds!);
  });

  it('Notify gets the execution start time and refuses past the cutoff with an error no retrier retries', () => {
    expect(notify.Parameters!.Payload).toEqual({
      'item.$': '$',
      'executionStartTime.$': '$$.Execution.StartTime',
    });
    const retried = notify.Retry!.flatMap((r) => r.ErrorEquals);
    expect(retried).not.toContain('NotifyDeadlineError');
    expect(retried).not.toContain('States.ALL');
  });

  it('a refusal, and the refused Lambda errors once their retries are spent, stop the Map; the Map dead-letters the event', () => {
    // The stop comes before the per-item dead letter (which would free the slot for the next item).
    const catchAll = notify.Catch!.find((c) => c.ErrorEquals.includes('States.ALL'))!;
    expect(notify.Catch!.indexOf(stopCatch)).toBeLessThan(notify.Catch!.indexOf(catchAll));
    expect(stopCatch.ErrorEquals.sort()).toEqual(['NotifyDeadlineError', ...REFUSED].sort());
    // Every retrier is either only refused errors or only errors of attempts that ran (and checked the cutoff).
    for (const r of notify.Retry!) {
      expect(
        r.ErrorEquals.some((e) => REFUSED.includes(e)),
        `${r.ErrorEquals}`,
      ).toBe(isRefusedRetrier(r));
    }
    let name = stopCatch.Next;
    while (items[name]!.Type !== 'Fail') name = items[name]!.Next!;
    expect(items[name]!.Error).toBe('NotifyingStopped');
    const letter = triage.States[mapCatch('NotifyingStopped').Next]!;
    expect(letter.Resource).toBe('arn:aws:states:::sqs:sendMessage');
    expect(letter.Parameters!.MessageBody).toMatchObject({ 'originalEvent.$': '$$.Execution.Input' });
    expect(triage.States[letter.Next!]!.Error).toBe('NotificationFailed');
  });

  it('the worst case after the cutoff, computed from the ASL, ends well inside 300 s, whatever the number of items', () => {
    const { parts, total } = worstCase();
    // cutoff 50 + attempt 30 + StartRemediation 27 & item letter 40 + refused 77 + refusal 1 + event letter 40
    expect(total, JSON.stringify(parts)).toBeLessThanOrEqual(LIMIT_S - MARGIN_S);
    // The figure the Notify state's Comment quotes: change both together.
    expect(total).toBe(265);
  });

  it('a Map that starts after the notify cutoff (slow steps before it) still stops in time: the triage cutoff starts it by 130 s', () => {
    const { refusedRun, eventLetter } = worstCase();
    const latestStart = LIMIT_S - MARGIN_S - refusedRun - REFUSED_ATTEMPT_S - eventLetter;
    expect(latestStart).toBe(152);
    const { mapStart } = preMapWorstCase();
    expect(mapStart).toBe(130);
    expect(mapStart).toBeLessThanOrEqual(latestStart);
  });

  it('for contrast: without the cutoff, 10 items in waves of MaxConcurrency could run past the limit', () => {
    // What the defect was: per wave, an item's Notify retries in full, then its remediation and dead letter.
    const perItem =
      worstTaskSeconds(notify) +
      worstTaskSeconds(items.StartRemediation!) +
      worstTaskSeconds(items.SendItemToDeadLetter!);
    const waves = Math.ceil(10 / map.MaxConcurrency!);
    expect(waves * perItem).toBeGreaterThan(LIMIT_S);
  });
});

describe('triage: no event is lost to the Express 5-minute limit before the Map', () => {
  const states = preMap.map((name) => [name, triage.States[name]!] as const);

  it('the steps before the Map are Normalize, Evaluate and Record', () => {
    expect(preMap).toEqual(['Normalize', 'Evaluate', 'Record']);
  });

  it.each(states)(
    'a %s attempt cannot outlast its TimeoutSeconds: the function times out first',
    (name, task) => {
      const entry = HANDLERS.find((h) =>
        (task.Parameters!.FunctionName as string).includes(`{${h.placeholder}}`),
      )!;
      expect(entry, name).toBeDefined();
      expect(entry.timeoutSeconds).toBeLessThanOrEqual(task.TimeoutSeconds!);
    },
  );

  it.each(states)(
    '%s gets the execution start time and refuses past the triage cutoff with an error no retrier retries',
    (name, task) => {
      const payload = task.Parameters!.Payload as Record<string, string>;
      expect(payload['executionStartTime.$'], name).toBe('$$.Execution.StartTime');
      // The step's input is passed whole, under one other key.
      expect(
        Object.entries(payload).filter(([k]) => k !== 'executionStartTime.$'),
        name,
      ).toEqual([[expect.stringMatching(/^[a-z]+\.\$$/), '$']]);
      const retried = task.Retry!.flatMap((r) => r.ErrorEquals);
      expect(retried).not.toContain('TriageDeadlineError');
      expect(retried).not.toContain('States.ALL');
      // Every retrier is either only refused errors or only errors of attempts that ran (and checked the cutoff).
      for (const r of task.Retry!) {
        expect(
          r.ErrorEquals.some((e) => REFUSED.includes(e)),
          `${name} ${r.ErrorEquals}`,
        ).toBe(isRefusedRetrier(r));
      }
    },
  );

  it.each(states)('%s: the refusal is dead-lettered with the original event', (name, task) => {
    const letter = triage.States[catchOf(task, 'TriageDeadlineError').Next]!;
    expect(letter.Resource, name).toBe('arn:aws:states:::sqs:sendMessage');
    expect(letter.Parameters!.MessageBody).toMatchObject({
      'originalEvent.$': '$$.Execution.Input',
      'error.$': '$',
    });
  });

  it('the steps before the Map start it by 130 s or dead-letter the event by 242 s, computed from the ASL', () => {
    const { mapStart, deadLettered, parts } = preMapWorstCase();
    // Record's attempt started by the cutoff 100 + 30; Record 30 + wait 4 + refused 67 + refusal 1 + event letter 40
    expect({ mapStart, deadLettered }, JSON.stringify(parts)).toEqual({ mapStart: 130, deadLettered: 242 });
  });

  it("the whole execution's worst case, computed from the ASL, ends well inside 300 s", () => {
    const { parts, total } = executionWorstCase();
    expect(total, JSON.stringify(parts)).toBeLessThanOrEqual(LIMIT_S - MARGIN_S);
    // The figure the triage Comments quote: change both together.
    expect(parts).toEqual({ map: 265, lateMap: 248, beforeMap: 242 });
    expect(total).toBe(265);
    const { mapStart, deadLettered } = preMapWorstCase();
    const normalize = triage.States.Normalize!.Comment!;
    for (const figure of [seconds(TRIAGE_CUTOFF_MS), mapStart, deadLettered, total])
      expect(normalize).toContain(` ${figure} s`);
    const top = (triage as { Comment?: string }).Comment!;
    for (const figure of [seconds(TRIAGE_CUTOFF_MS), seconds(NOTIFY_CUTOFF_MS), total])
      expect(top).toContain(` ${figure} s`);
  });

  it('for contrast: without the triage cutoff, the steps before the Map alone could run past the limit', () => {
    // Every attempt that runs lasts up to its TimeoutSeconds; the ones Lambda refuses, a second.
    const worst = (task: State) =>
      sum(
        task.Retry!.map(
          (r) => (r.MaxAttempts ?? 3) * (isRefusedRetrier(r) ? REFUSED_ATTEMPT_S : task.TimeoutSeconds!),
        ),
      ) +
      task.TimeoutSeconds! +
      sum(task.Retry!.map(worstWaitSeconds));
    const total = sum(states.map(([, task]) => worst(task)));
    expect(total).toBeGreaterThan(LIMIT_S);
    expect(total).toBe(546);
  });
});
