/**
 * Completes a Step Functions `.waitForTaskToken` task. Tokens stay in the backend: they come from the
 * ApprovalStore, never from Slack.
 */
export interface TaskCallbacks {
  succeed(taskToken: string, output: unknown): Promise<void>;
  /** `error` is what the state machine catches (`Remediation.Rejected`). */
  fail(taskToken: string, error: string, cause: string): Promise<void>;
}

/** The task is gone: timed out, finished, or the token is invalid. The request has expired. */
export class TaskExpiredError extends Error {
  override readonly name = 'TaskExpiredError';
  readonly reason: string;
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`the workflow is no longer waiting for this decision (${reason})`, options);
    this.reason = reason;
  }
}
