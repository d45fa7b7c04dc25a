import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SlackRequestVerificationError,
  signSlackRequest,
  verifySlackRequest,
} from '../../functions/approvals/verify';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = new Date('2026-11-22T10:00:00.000Z');
const TS = Math.floor(NOW.getTime() / 1000);
const BODY = 'payload=%7B%22type%22%3A%22block_actions%22%7D';

function reason(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(SlackRequestVerificationError);
    return (error as SlackRequestVerificationError).reason;
  }
}

describe('verifySlackRequest', () => {
  it('accepts a correctly signed, fresh request and returns the body', () => {
    const headers = signSlackRequest(BODY, SECRET, TS - 10);
    expect(verifySlackRequest({ rawBody: BODY, headers, signingSecret: SECRET, now: NOW })).toBe(BODY);
  });

  it('matches the example in Slack’s documentation', () => {
    // api.slack.com/authentication/verifying-requests-from-slack (example secret, timestamp and signature).
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const headers = {
      'X-Slack-Request-Timestamp': '1531420618',
      'X-Slack-Signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    };
    expect(
      verifySlackRequest({ rawBody: body, headers, signingSecret: SECRET, now: new Date(1531420618 * 1000) }),
    ).toBe(body);
  });

  it('decodes a base64 body from a Lambda function URL before checking', () => {
    const headers = signSlackRequest(BODY, SECRET, TS);
    const rawBody = Buffer.from(BODY).toString('base64');
    expect(
      verifySlackRequest({ rawBody, headers, signingSecret: SECRET, now: NOW, isBase64Encoded: true }),
    ).toBe(BODY);
    expect(reason(() => verifySlackRequest({ rawBody, headers, signingSecret: SECRET, now: NOW }))).toBe(
      'bad-signature',
    );
  });

  it('rejects a wrong signature', () => {
    const headers = signSlackRequest(BODY, 'other-secret', TS);
    expect(
      reason(() => verifySlackRequest({ rawBody: BODY, headers, signingSecret: SECRET, now: NOW })),
    ).toBe('bad-signature');
  });

  it('rejects a stale timestamp (over 5 minutes) and one from the future', () => {
    const stale = signSlackRequest(BODY, SECRET, TS - 301);
    expect(
      reason(() => verifySlackRequest({ rawBody: BODY, headers: stale, signingSecret: SECRET, now: NOW })),
    ).toBe('stale-timestamp');
    const future = signSlackRequest(BODY, SECRET, TS + 120);
    expect(
      reason(() => verifySlackRequest({ rawBody: BODY, headers: future, signingSecret: SECRET, now: NOW })),
    ).toBe('future-timestamp');
    const edge = signSlackRequest(BODY, SECRET, TS - 300);
    expect(verifySlackRequest({ rawBody: BODY, headers: edge, signingSecret: SECRET, now: NOW })).toBe(BODY);
  });

  it('rejects a replayed body with a new timestamp (the old signature does not cover it)', () => {
    const old = signSlackRequest(BODY, SECRET, TS - 600);
    const headers = { ...old, 'x-slack-request-timestamp': String(TS) };
    expect(
      reason(() => verifySlackRequest({ rawBody: BODY, headers, signingSecret: SECRET, now: NOW })),
    ).toBe('bad-signature');
  });

  it.each([
    [{}, 'missing-signature'],
    [{ 'x-slack-signature': 'v0=00' }, 'missing-timestamp'],
    [{ 'x-slack-request-timestamp': String(TS) }, 'missing-signature'],
    [{ 'x-slack-signature': `v0=${'0'.repeat(64)}`, 'x-slack-request-timestamp': '12ab' }, 'bad-timestamp'],
    [{ 'x-slack-signature': 'v1=abc', 'x-slack-request-timestamp': String(TS) }, 'bad-signature'],
  ])('rejects headers %o: %s', (headers, expected) => {
    expect(
      reason(() => verifySlackRequest({ rawBody: BODY, headers, signingSecret: SECRET, now: NOW })),
    ).toBe(expected);
  });

  it('refuses to verify without a signing secret', () => {
    const headers = signSlackRequest(BODY, '', TS);
    expect(reason(() => verifySlackRequest({ rawBody: BODY, headers, signingSecret: '', now: NOW }))).toBe(
      'missing-secret',
    );
  });

  it('property: no mutated body, signature or timestamp is ever accepted', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 300 }),
        fc.integer({ min: 0, max: 290 }),
        fc.oneof(
          fc.record({ part: fc.constant('body' as const), text: fc.string({ maxLength: 300 }) }),
          fc.record({
            part: fc.constant('signature' as const),
            index: fc.nat(63),
            digit: fc.constantFrom(...'0123456789abcdef'),
          }),
          fc.record({
            part: fc.constant('timestamp' as const),
            delta: fc.integer({ min: -250, max: 250 }).filter((d) => d !== 0),
          }),
        ),
        (body, age, mutation) => {
          const ts = TS - age;
          const headers = signSlackRequest(body, SECRET, ts);
          let rawBody = body;
          if (mutation.part === 'body') {
            fc.pre(mutation.text !== body);
            rawBody = mutation.text;
          } else if (mutation.part === 'signature') {
            const hex = headers['x-slack-signature']!.slice(3);
            fc.pre(hex[mutation.index] !== mutation.digit);
            headers['x-slack-signature'] =
              `v0=${hex.slice(0, mutation.index)}${mutation.digit}${hex.slice(mutation.index + 1)}`;
          } else {
            headers['x-slack-request-timestamp'] = String(ts + mutation.delta);
          }
          expect(() => verifySlackRequest({ rawBody, headers, signingSecret: SECRET, now: NOW })).toThrow(
            SlackRequestVerificationError,
          );
          // The unmutated request is accepted (the property is not vacuous).
          expect(
            verifySlackRequest({
              rawBody: body,
              headers: signSlackRequest(body, SECRET, ts),
              signingSecret: SECRET,
              now: NOW,
            }),
          ).toBe(body);
        },
      ),
      { numRuns: 500 },
    );
  });
});
