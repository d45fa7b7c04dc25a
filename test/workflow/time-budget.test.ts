import { describe, expect, it } from 'vitest';
import { handlerEntry } from '../../functions/handlers/manifest';
import { EXPRESS_EXECUTION_LIMIT_MS, NOTIFY_CUTOFF_MS } from '../../functions/shared/execution-budget';
import { definitionOf, type Retrier, retryWaits, type State, worstWaitSeconds } from './asl-model';

/**
 * How late can a triage execution still be busy with its Map, computed from the deployed ASL file?
 *
 * The time model, from the file alone:
 * - a Task attempt lasts at most its TimeoutSeconds;
 * - except an attempt the Lambda service refuses (REFUSED: throttling and the service's own errors),
 *   which returns before any function code runs, and Notify's refusal past the cutoff, its first
 *   statement before any I/O: at most REFUSED_ATTEMPT_S each;
 * - the n-th retry of a retrier waits at most min(IntervalSeconds × BackoffRate^n, MaxDelaySeconds)
 *   (full jitter only shortens it), and every retrier counts its own attempts, so a Task can exhaust
 *   them all.
 *
 * Why the Map's number of items (waves of MaxConcurrency) does not appear: every Notify attempt that
 * runs checks the cutoff first, and past it nothing ends an item but stopping the whole Map
 * (NotifyDeadlineError, or the refused errors once their retries are spent). So after the last
 * attempt that started work before the cutoff, at most that item's own end, one more item per
 * freed slot reaching its refusal, and the Map's dead letter of the event can follow.
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

/** Every retrier exhausted, every attempt running to its TimeoutSeconds. */
function worstTaskSeconds(task: State): number {
  const retries = task.Retry ?? [];
  const attempts = 1 + sum(retries.map((r) => r.MaxAttempts ?? 3));
  return attempts * task.TimeoutSeconds! + sum(retries.map((r) => worstWaitSeconds(r)));
}

const isRefusedRetrier = (r: Retrier) => r.ErrorEquals.every((e) => REFUSED.includes(e));
const stopCatch = notify.Catch!.find((c) => c.ErrorEquals.includes('NotifyDeadlineError'))!;
const mapCatch = (error: string) => map.Catch!.find((c) => c.ErrorEquals.includes(error))!;

function worstCase() {
  const attempt = notify.TimeoutSeconds!;
  const ran = notify.Retry!.filter((r) => !isRefusedRetrier(r));
  const refused = notify.Retry!.filter(isRefusedRetrier);
  // After a failed attempt that ran: the longest single wait before the next attempt.
  const waitAfterRan = Math.max(...ran.map((r) => Math.max(...retryWaits(r))));
  // Delivered, then its remediation fails to start and is dead-lettered (also covers a plain item dead letter).
  const afterDelivered =
    worstTaskSeconds(items.StartRemediation!) + worstTaskSeconds(items.SendItemToDeadLetter!);
  // Attempts Lambda refuses, all retries spent, then the refusal that stops the Map.
  const refusedRun = sum(refused.map((r) => (r.MaxAttempts ?? 3) * REFUSED_ATTEMPT_S + worstWaitSeconds(r)));
  const eventLetter = Math.max(
    worstTaskSeconds(triage.States[mapCatch('NotifyingStopped').Next]!),
    worstTaskSeconds(triage.States[mapCatch('States.ALL').Next]!),
  );
  const cutoff = NOTIFY_CUTOFF_MS / 1000;
  const parts = {
    cutoff,
    attempt,
    afterAttempt: Math.max(waitAfterRan, afterDelivered),
    refusedRun,
    refusal: REFUSED_ATTEMPT_S,
    eventLetter,
  };
  return { parts, total: sum(Object.values(parts)), refusedRun, eventLetter };
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
    expect(total, JSON.stringify(parts)).toBeLessThanOrEqual(EXPRESS_EXECUTION_LIMIT_MS / 1000 - MARGIN_S);
    // The figure the Notify state's Comment quotes: change both together.
    expect(total).toBe(265);
  });

  it('a Map that starts after the cutoff (slow steps before it) still stops in time if it starts by 150 s', () => {
    const { refusedRun, eventLetter } = worstCase();
    const latestStart =
      EXPRESS_EXECUTION_LIMIT_MS / 1000 - MARGIN_S - refusedRun - REFUSED_ATTEMPT_S - eventLetter;
    expect(latestStart).toBeGreaterThanOrEqual(150);
  });

  it('for contrast: without the cutoff, 10 items in waves of MaxConcurrency could run past the limit', () => {
    // What the defect was: per wave, an item's Notify retries in full, then its remediation and dead letter.
    const perItem =
      worstTaskSeconds(notify) +
      worstTaskSeconds(items.StartRemediation!) +
      worstTaskSeconds(items.SendItemToDeadLetter!);
    const waves = Math.ceil(10 / map.MaxConcurrency!);
    expect(waves * perItem).toBeGreaterThan(EXPRESS_EXECUTION_LIMIT_MS / 1000);
  });
});
