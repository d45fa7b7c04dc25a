import { NotifyDeadlineError } from './errors';

/** Step Functions stops an Express execution after 5 minutes, whatever state it is in. */
export const EXPRESS_EXECUTION_LIMIT_MS = 300_000;

/**
 * Notify starts no work in a triage execution older than this (`$$.Execution.StartTime`): it throws
 * `NotifyDeadlineError`, which stops the Map and dead-letters the original event. What can still
 * happen after the last attempt that started work (that attempt, retry waits, attempts Lambda
 * refuses, StartRemediation, the dead letters) is bounded by the triage ASL's timeouts and retriers;
 * test/workflow/time-budget.test.ts computes that bound from the file and checks that this cutoff
 * plus it stays well inside `EXPRESS_EXECUTION_LIMIT_MS`. Normal executions notify within seconds.
 */
export const NOTIFY_CUTOFF_MS = 50_000;

/**
 * Throws `NotifyDeadlineError` when the execution that started at `executionStartTime` (an ISO
 * timestamp from `$$.Execution.StartTime`) is older than `cutoffMs` at `nowMs`.
 *
 * @example
 * refuseAfterCutoff('2026-11-18T10:00:00.000Z', Date.parse('2026-11-18T10:01:00Z')); // throws: 60 s > 50 s
 */
export function refuseAfterCutoff(
  executionStartTime: string,
  nowMs: number,
  cutoffMs = NOTIFY_CUTOFF_MS,
): void {
  const startMs = Date.parse(executionStartTime);
  if (Number.isNaN(startMs))
    throw new TypeError(`executionStartTime is not a timestamp: ${executionStartTime}`);
  const elapsedMs = nowMs - startMs;
  if (elapsedMs > cutoffMs) {
    throw new NotifyDeadlineError(
      `the execution started ${Math.round(elapsedMs / 1000)} s ago, past the ${cutoffMs / 1000} s notify cutoff`,
    );
  }
}
