import { WebClient } from '@slack/web-api';

/**
 * One WebClient per container. Its own retries are off (`withRetries` owns them, so a 429 or a 5xx
 * surfaces as a typed error after a bounded wait) and rate-limited calls are rejected, not queued.
 */
export function createSlackClient(
  token: string,
  options: { slackApiUrl?: string; timeoutMs?: number } = {},
): WebClient {
  return new WebClient(token, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 5000,
    allowAbsoluteUrls: false,
  });
}
