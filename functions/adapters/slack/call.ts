import { ErrorCode } from '@slack/web-api';
import { SlackApiError, SlackRateLimitedError, SlackUnavailableError } from './errors';

export interface RetryPolicy {
  /** Attempts after the first. Default 3. */
  maxRetries: number;
  /** A Retry-After longer than this is not waited for in-process: the workflow retries later. Default 30 s. */
  maxRetryAfterMs: number;
  /** First backoff after a 5xx / network error, doubled each time. Default 500 ms. */
  baseBackoffMs: number;
  sleep: (ms: number) => Promise<void>;
  /**
   * Milliseconds left in the current invocation (Lambda's `context.getRemainingTimeInMillis()`), or
   * `undefined` outside one. A wait that would not leave `reserveMs` for the call and what follows it
   * is not made: the typed error is thrown at once, so Step Functions does the waiting (a Lambda
   * killed by its timeout mid-wait reports nothing useful and may have delivered half its work).
   */
  remainingMs?: () => number | undefined;
  /** Kept free after a wait: one call (the WebClient times out after 5 s) plus the bookkeeping. Default 6000 ms. */
  reserveMs: number;
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface CodedError {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
}

/**
 * Runs one Web API call with the house retry rules: HTTP 429 waits `Retry-After` then retries; 5xx
 * and network errors back off exponentially; anything else fails at once. Exhausted retries, and waits
 * the invocation has no time left for (`remainingMs`), surface as `SlackRateLimitedError` (carrying
 * the Retry-After) / `SlackUnavailableError` so the state machine retries the whole task later.
 */
export async function withRetries<T>(method: string, policy: RetryPolicy, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const e = (error ?? {}) as CodedError;
      const last = attempt >= policy.maxRetries;
      if (e.code === ErrorCode.RateLimitedError) {
        const seconds = typeof e.retryAfter === 'number' ? e.retryAfter : 1;
        if (last || seconds * 1000 > policy.maxRetryAfterMs || !fitsInInvocation(policy, seconds * 1000))
          throw new SlackRateLimitedError(seconds, { cause: error });
        await policy.sleep(seconds * 1000);
        continue;
      }
      const transient =
        (e.code === ErrorCode.HTTPError && (e.statusCode ?? 0) >= 500) || e.code === ErrorCode.RequestError;
      if (transient) {
        const backoffMs = policy.baseBackoffMs * 2 ** attempt;
        if (last || !fitsInInvocation(policy, backoffMs)) {
          throw new SlackUnavailableError(`Slack ${method} kept failing (${describe(e)})`, { cause: error });
        }
        await policy.sleep(backoffMs);
        continue;
      }
      if (e.code === ErrorCode.PlatformError) {
        const code = e.data?.error ?? 'unknown_error';
        if (code === 'ratelimited') throw new SlackRateLimitedError(1, { cause: error });
        throw new SlackApiError(code, method);
      }
      if (e.code === ErrorCode.HTTPError) throw new SlackApiError(`http_${e.statusCode}`, method);
      throw error;
    }
  }
}

/** Does waiting `ms` still leave `reserveMs` of the invocation for the call that follows? */
export function fitsInInvocation(
  policy: Pick<RetryPolicy, 'remainingMs' | 'reserveMs'>,
  ms: number,
): boolean {
  const remaining = policy.remainingMs?.();
  return remaining === undefined || ms + policy.reserveMs <= remaining;
}

function describe(e: CodedError): string {
  return e.statusCode ? `HTTP ${e.statusCode}` : (e.code ?? 'error');
}
