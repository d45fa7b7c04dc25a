/**
 * Errors that cross the Lambda / Step Functions boundary by name. Lambda reports a thrown error's
 * `name` as the error type, and the ASL files route on it:
 *
 * - input errors (`NormalizationError`, `EventFormatError`, `UnsupportedResourceError`,
 *   `TemplateError`): never retried; the event goes to the dead-letter queue
 *   (`UnsupportedResourceError` simply ends triage: nothing to check);
 * - `TransientError`: retried with backoff (a throttled or unavailable dependency);
 * - `OutputTooLargeError` (`state-payload.ts`): a result over a state's 256 KiB, never retried; the
 *   event goes to the dead-letter queue;
 * - `NotifyDeadlineError`: never retried; the triage Map stops and the original event goes to the
 *   dead-letter queue (see execution-budget.ts);
 * - `Remediation.Rejected`: the SendTaskFailure error an approver's rejection produces.
 */
export {
  EventFormatError,
  NormalizationError,
  TemplateError,
  UnsupportedResourceError,
} from '../rulebook/errors';

/** A dependency failed in a way worth retrying (throttling, timeouts, 5xx). */
export class TransientError extends Error {
  override readonly name = 'TransientError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Notify was invoked too late in its triage execution (past `NOTIFY_CUTOFF_MS`): it refuses before
 * doing anything, so no notification is cut off by the Express 5-minute limit.
 */
export class NotifyDeadlineError extends Error {
  override readonly name = 'NotifyDeadlineError';
}

/** A task input that does not match its schema: a wiring bug, not a transient failure. */
export class TaskInputError extends Error {
  override readonly name = 'TaskInputError';
}

/** Remediate was reached without an approved decision: refuse, whatever the state machine says. */
export class ApprovalRequiredError extends Error {
  override readonly name = 'ApprovalRequiredError';
}

/** The error name approvers' rejections are sent with (SendTaskFailure `error`). */
export const REMEDIATION_REJECTED = 'Remediation.Rejected';

const TRANSIENT_SDK_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalFailure',
  'TimeoutError',
  'RequestTimeout',
  'ECONNRESET',
]);

/** Wraps SDK throttling / 5xx errors in `TransientError` so the ASL retries them; rethrows others. */
export function rethrowTransient(error: unknown, what: string): never {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = e?.$metadata?.httpStatusCode;
  if (
    (e?.name && TRANSIENT_SDK_ERRORS.has(e.name)) ||
    e?.$retryable ||
    (typeof status === 'number' && status >= 500)
  ) {
    throw new TransientError(`${what}: ${(error as Error).message}`, { cause: error });
  }
  throw error;
}
