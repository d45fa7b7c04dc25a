import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack request signing (api.slack.com/authentication/verifying-requests-from-slack): HMAC-SHA256 with
 * the signing secret over `v0:{X-Slack-Request-Timestamp}:{raw body}`, sent as `X-Slack-Signature:
 * v0=<hex>`. Requests older than 5 minutes are replays; a timestamp more than a minute in the future
 * is refused too. The body must be the exact bytes received (base64-decoded when a function URL or
 * API Gateway sets `isBase64Encoded`).
 */
export const MAX_AGE_SECONDS = 300;
export const MAX_FUTURE_SECONDS = 60;

export type VerificationFailure =
  | 'missing-signature'
  | 'missing-timestamp'
  | 'bad-timestamp'
  | 'stale-timestamp'
  | 'future-timestamp'
  | 'bad-signature'
  | 'missing-secret';

export class SlackRequestVerificationError extends Error {
  override readonly name = 'SlackRequestVerificationError';
  readonly reason: VerificationFailure;
  constructor(reason: VerificationFailure) {
    super(`Slack request rejected: ${reason}`);
    this.reason = reason;
  }
}

export interface SlackRequest {
  rawBody: string;
  headers: Readonly<Record<string, string | undefined>>;
  isBase64Encoded?: boolean;
}

const SIGNATURE = /^v0=[0-9a-f]{64}$/;
const DIGITS = /^\d{1,12}$/;

function header(headers: SlackRequest['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Returns the verified body as text; throws `SlackRequestVerificationError` otherwise. */
export function verifySlackRequest(input: SlackRequest & { signingSecret: string; now: Date }): string {
  if (!input.signingSecret) throw new SlackRequestVerificationError('missing-secret');
  const signature = header(input.headers, 'x-slack-signature');
  const timestamp = header(input.headers, 'x-slack-request-timestamp');
  if (!signature) throw new SlackRequestVerificationError('missing-signature');
  if (!timestamp) throw new SlackRequestVerificationError('missing-timestamp');
  if (!DIGITS.test(timestamp)) throw new SlackRequestVerificationError('bad-timestamp');
  const age = Math.floor(input.now.getTime() / 1000) - Number(timestamp);
  if (age > MAX_AGE_SECONDS) throw new SlackRequestVerificationError('stale-timestamp');
  if (age < -MAX_FUTURE_SECONDS) throw new SlackRequestVerificationError('future-timestamp');
  const body = input.isBase64Encoded
    ? Buffer.from(input.rawBody, 'base64')
    : Buffer.from(input.rawBody, 'utf8');
  const expected = createHmac('sha256', input.signingSecret)
    .update(`v0:${timestamp}:`)
    .update(body)
    .digest('hex');
  const given = signature.toLowerCase();
  if (!SIGNATURE.test(given)) throw new SlackRequestVerificationError('bad-signature');
  if (!timingSafeEqual(Buffer.from(given.slice(3), 'hex'), Buffer.from(expected, 'hex'))) {
    throw new SlackRequestVerificationError('bad-signature');
  }
  return body.toString('utf8');
}

/** Signs a body as Slack does (tests, local runtime). */
export function signSlackRequest(
  body: string,
  signingSecret: string,
  timestamp: number,
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${signature}`, 'x-slack-request-timestamp': String(timestamp) };
}
