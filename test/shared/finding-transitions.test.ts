import { describe, expect, it } from 'vitest';
import type { StoredFinding } from '../../functions/ports/findings-store';
import type { Finding } from '../../functions/rulebook/model/finding';
import { transition } from '../../functions/shared/finding-transitions';
import { storedFinding } from '../notifications/findings';

const FIRST = new Date('2026-11-22T10:00:00.000Z');
const LATER = new Date('2026-11-22T10:05:00.000Z');

/** The finding content a rule (or Config's verdict, filed under the same rule) produces. */
function finding(overrides: Partial<Finding> = {}): Finding {
  const { status, firstSeenAt, lastSeenAt, fingerprint, ...content } = storedFinding(overrides);
  return content;
}

/** The bot's own evaluation of the bucket's Config item. */
const own = finding();
/** Config's NON_COMPLIANT verdict on the same bucket, mapped to the same rule (compliance.ts). */
const verdict = finding({
  message:
    'AWS Config rule s3-bucket-level-public-access-prohibited: Bucket-level Block Public Access settings are not all enabled.',
  evidence: { configRuleName: 's3-bucket-level-public-access-prohibited', mappedFromConfigRule: true },
});

/** `first` recorded at FIRST, then `then` at LATER: the second transition. */
function recordTwice(first: Finding, then: Finding): { kind: string; next: StoredFinding } {
  const { next } = transition(undefined, first, FIRST);
  return transition(next, then, LATER);
}

describe('recording a finding over an open one', () => {
  it.each([
    ['the same evaluation again', own, own, 'unchanged', own.message],
    [
      'new evidence from the bot',
      own,
      finding({ evidence: { settingsOff: ['blockPublicAcls'] } }),
      'changed',
      own.message,
    ],
    ["Config's verdict over the bot's evidence (kept)", own, verdict, 'unchanged', own.message],
    ["the bot's evidence over Config's verdict (taken, silently)", verdict, own, 'unchanged', own.message],
    [
      "the bot's evidence over Config's verdict, more severe",
      verdict,
      finding({ severity: 'critical' }),
      'changed',
      own.message,
    ],
    [
      'a second verdict with another annotation',
      verdict,
      finding({ ...verdict, message: 'other' }),
      'changed',
      'other',
    ],
  ])('%s', (_, first, then, kind, message) => {
    const result = recordTwice(first, then);
    expect(result.kind).toBe(kind);
    expect(result.next.message).toBe(message);
    expect(result.next.status).toBe('open');
    expect(result.next.lastSeenAt).toBe(LATER.toISOString());
    expect(result.next.firstSeenAt).toBe(FIRST.toISOString());
  });

  it('the verdicts and evaluations of one problem, alternating, post it once', () => {
    let stored: StoredFinding | undefined;
    const kinds: string[] = [];
    for (const [i, next] of [own, verdict, own, verdict, own].entries()) {
      const result = transition(stored, next, new Date(FIRST.getTime() + i * 60_000));
      kinds.push(result.kind);
      stored = result.next;
    }
    expect(kinds).toEqual(['opened', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(stored?.notice?.kind).toBe('opened');
  });
});
