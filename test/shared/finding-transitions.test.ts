import { describe, expect, it } from 'vitest';
import type { StoredFinding } from '../../functions/ports/findings-store';
import type { Finding } from '../../functions/rulebook/model/finding';
import { mustWrite, transition } from '../../functions/shared/finding-transitions';
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

describe('which recordings the stores write', () => {
  const HOUR = 60 * 60 * 1000;
  const at = (ms: number) => new Date(FIRST.getTime() + ms);
  it.each([
    ['a new finding', undefined, own, at(HOUR), true],
    ['the same evaluation an hour later', own, own, at(HOUR), false],
    ['the same evaluation a day later (lastSeenAt refreshed)', own, own, at(24 * HOUR), true],
    [
      'new evidence a minute later',
      own,
      finding({ evidence: { settingsOff: ['blockPublicAcls'] } }),
      at(60_000),
      true,
    ],
    ["Config's verdict over the bot's evidence (nothing taken)", own, verdict, at(HOUR), false],
    ["the bot's evidence over Config's verdict (taken silently)", verdict, own, at(HOUR), true],
  ])('%s: %s', (_, first, then, when, written) => {
    const existing = first && transition(undefined, first, FIRST).next;
    const { next, kind } = transition(existing, then, when);
    expect(mustWrite(existing, next, kind)).toBe(written);
  });

  it('a resolved finding seen failing again is written (it reopens)', () => {
    const open = transition(undefined, own, FIRST).next;
    const resolved = { ...open, status: 'resolved' as const, resolvedAt: LATER.toISOString() };
    const { next, kind } = transition(resolved, own, at(HOUR));
    expect(kind).toBe('opened');
    expect(mustWrite(resolved, next, kind)).toBe(true);
  });
});
