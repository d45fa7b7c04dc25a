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
 * - `TriageDeadlineError`: never retried; Normalize, Evaluate or Record was invoked past the triage
 *   cutoff, and the original event goes to the dead-letter queue (see execution-budget.ts);
 * - `NotifyDeadlineError`: never retried; the triage Map stops and the original event goes to the
 *   dead-letter queue (see execution-budget.ts);
 * - `Remediation.Rejected`: the SendTaskFailure error an approver's rejection produces;
 * - `Remediation.Cancelled`: the SendTaskFailure error that withdraws a pending approval whose
 *   finding's resource was deleted; `ResourceDeletedError`: Remediate's refusal to run an approved
 *   fix on a deleted resource; both end the remediation workflow as `cancelled`;
 * - Remediate's refusals (`ApprovalRequiredError`, `ApprovalNotFoundError`, `PlanMismatchError`,
 *   `TargetAccountMismatchError`, `AlreadyExecutedError`, `StalePlanError`): never retried; the remediation workflow's Catch on
 *   Remediate (`States.ALL`) reports them in NotifyOutcome, then dead-letters the execution.
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
 * Normalize, Evaluate or Record was invoked too late in its triage execution (past
 * `TRIAGE_CUTOFF_MS`): it refuses before doing anything, so the original event is dead-lettered
 * while there is time instead of being lost to the Express 5-minute limit.
 */
export class TriageDeadlineError extends Error {
  override readonly name = 'TriageDeadlineError';
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

/** Remediate found no stored approval under the approval id of its input: nothing was approved. */
export class ApprovalNotFoundError extends Error {
  override readonly name = 'ApprovalNotFoundError';
}

/**
 * The plan (or finding) Remediate was given is not the one stored with the approval, i.e. not the
 * plan the approver saw: refuse rather than run calls nobody approved.
 */
export class PlanMismatchError extends Error {
  override readonly name = 'PlanMismatchError';
}

/**
 * The approved plan targets another account than the one its approval was decided for (the account
 * the approver check used): refuse rather than run a fix in an account nobody approved it for.
 */
export class TargetAccountMismatchError extends Error {
  override readonly name = 'TargetAccountMismatchError';
}

/**
 * The approved plan's one execution was claimed before, and no successful outcome is on record
 * (it failed, or is still running / was cut off): its calls are never run a second time.
 */
export class AlreadyExecutedError extends Error {
  override readonly name = 'AlreadyExecutedError';
}

/**
 * A value the plan was built from (a bucket policy, a tag set) changed between Plan and Remediate:
 * writing the plan would put back the stale copy, so nothing is written. Re-run the remediation for a
 * fresh plan and approve that one.
 */
export class StalePlanError extends Error {
  override readonly name = 'StalePlanError';
}

/** The error name approvers' rejections are sent with (SendTaskFailure `error`). */
export const REMEDIATION_REJECTED = 'Remediation.Rejected';

/**
 * The error name a pending approval is withdrawn with when its finding's resource was deleted
 * (SendTaskFailure `error`): the remediation workflow ends as `cancelled`.
 */
export const REMEDIATION_CANCELLED = 'Remediation.Cancelled';

/**
 * Remediate refuses an approved plan because the finding's resource was deleted (AWS Config
 * recorded the deletion after the approval): nothing is run, and the remediation workflow ends as
 * `cancelled` (not dead-lettered).
 */
export class ResourceDeletedError extends Error {
  override readonly name = 'ResourceDeletedError';
}

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
