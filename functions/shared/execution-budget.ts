import { NotifyDeadlineError, TriageDeadlineError } from './errors';
import { budgetedInputSchema, parseInput } from './schemas';

/** Step Functions stops an Express execution after 5 minutes, whatever state it is in. */
export const EXPRESS_EXECUTION_LIMIT_MS = 300_000;

/**
 * Normalize, Evaluate and Record start no work in a triage execution older than this
 * (`$$.Execution.StartTime`): they throw `TriageDeadlineError`, which no retrier retries and the
 * catch-all sends to the dead-letter queue with the original event. After the last attempt that
 * started work, what can still happen before the Map starts or the event is dead-lettered (that
 * attempt, one retry wait, attempts Lambda refuses, the dead letter) is bounded by the triage ASL's
 * timeouts and retriers; test/workflow/time-budget.test.ts computes the whole execution's bound from
 * the file and checks that it stays well inside `EXPRESS_EXECUTION_LIMIT_MS`. Normal executions
 * reach the Map within seconds; the rest of the 100 s is for Lambda throttling to drain.
 */
export const TRIAGE_CUTOFF_MS = 100_000;

/**
 * Notify starts no work in a triage execution older than this (`$$.Execution.StartTime`): it throws
 * `NotifyDeadlineError`, which stops the Map and dead-letters the original event. What can still
 * happen after the last attempt that started work (that attempt, retry waits, attempts Lambda
 * refuses, StartRemediation, the dead letters) is bounded by the triage ASL's timeouts and retriers;
 * test/workflow/time-budget.test.ts computes that bound from the file and checks that this cutoff
 * plus it stays well inside `EXPRESS_EXECUTION_LIMIT_MS`. Normal executions notify within seconds.
 */
export const NOTIFY_CUTOFF_MS = 50_000;

/** A point of the execution past which a step refuses, and the error it refuses with. */
export interface ExecutionCutoff {
  ms: number;
  /** How the refusal names the cutoff: `the 50 s notify cutoff`. */
  label: string;
  error: new (message: string) => Error;
}

/** Normalize, Evaluate and Record: `TriageDeadlineError` past `TRIAGE_CUTOFF_MS`. */
export const TRIAGE_CUTOFF: ExecutionCutoff = {
  ms: TRIAGE_CUTOFF_MS,
  label: 'triage',
  error: TriageDeadlineError,
};

/** Notify: `NotifyDeadlineError` past `NOTIFY_CUTOFF_MS`. */
export const NOTIFY_CUTOFF: ExecutionCutoff = {
  ms: NOTIFY_CUTOFF_MS,
  label: 'notify',
  error: NotifyDeadlineError,
};

/**
 * Throws the cutoff's error (`NotifyDeadlineError` by default) when the execution that started at
 * `executionStartTime` (an ISO timestamp from `$$.Execution.StartTime`) is older than the cutoff at
 * `nowMs`. `step` prefixes the message, so a dead letter says which step refused.
 *
 * @example
 * refuseAfterCutoff('2026-11-18T10:00:00.000Z', Date.parse('2026-11-18T10:01:00Z')); // throws: 60 s > 50 s
 * refuseAfterCutoff('2026-11-18T10:00:00.000Z', Date.parse('2026-11-18T10:01:00Z'), TRIAGE_CUTOFF); // 60 s <= 100 s
 */
export function refuseAfterCutoff(
  executionStartTime: string,
  nowMs: number,
  cutoff: ExecutionCutoff = NOTIFY_CUTOFF,
  step?: string,
): void {
  const startMs = Date.parse(executionStartTime);
  if (Number.isNaN(startMs))
    throw new TypeError(`executionStartTime is not a timestamp: ${executionStartTime}`);
  const elapsedMs = nowMs - startMs;
  if (elapsedMs > cutoff.ms) {
    throw new cutoff.error(
      `${step ? `${step}: ` : ''}the execution started ${Math.round(elapsedMs / 1000)} s ago, past the ${cutoff.ms / 1000} s ${cutoff.label} cutoff`,
    );
  }
}

/**
 * The input of a triage task that runs on a time budget. The ASL passes
 * `{ <key>: input, executionStartTime: $$.Execution.StartTime }`: past the cutoff this throws the
 * cutoff's error before anything else (a malformed envelope is a `TaskInputError`), else it returns
 * the input under `key`. A bare input (no `executionStartTime`: a definition from before the time
 * budget, still running during a deployment) is returned as it is, with no budget to check; no
 * EventBridge event, Normalize or Evaluate output, or Map item has that field.
 */
export function budgetedInput(
  input: unknown,
  key: string,
  cutoff: ExecutionCutoff,
  clock: () => number,
  step: string,
): unknown {
  if (typeof input !== 'object' || input === null || !('executionStartTime' in input)) return input;
  const envelope = parseInput(budgetedInputSchema(key), input, step) as Record<string, unknown> & {
    executionStartTime: string;
  };
  refuseAfterCutoff(envelope.executionStartTime, clock(), cutoff, step);
  return envelope[key];
}
