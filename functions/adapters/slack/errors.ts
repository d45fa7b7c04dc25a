/**
 * Slack failures the state machine routes by name (`ErrorEquals`): rate limited and unavailable are
 * retried by the workflow (with backoff); an API error (bad channel, bad token) is not.
 */
export class SlackRateLimitedError extends Error {
  override readonly name = 'SlackRateLimitedError';
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(`Slack rate limited the bot; retry after ${retryAfterSeconds}s`, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class SlackUnavailableError extends Error {
  override readonly name = 'SlackUnavailableError';
}

/** Slack answered `ok: false` with an error code that retrying will not fix (e.g. `channel_not_found`). */
export class SlackApiError extends Error {
  override readonly name = 'SlackApiError';
  readonly code: string;
  constructor(code: string, method: string) {
    super(`Slack ${method} failed: ${code}`);
    this.code = code;
  }
}
