import { describe, expect, it } from 'vitest';
import type { OpenSpan } from '../../functions/ports/findings-store';
import { asOfWeek, MAX_PAST_OPENINGS, withClosedSpan } from '../../functions/shared/open-spans';
import { syntheticFinding } from '../report/fixtures';

const HOUR = 3_600_000;
const t = (hours: number) => new Date(Date.parse('2026-11-01T00:00:00.000Z') + hours * HOUR).toISOString();
/** `count` spans, each open 1 hour, `gap` hours apart. */
const spans = (count: number, gap = 1): OpenSpan[] =>
  Array.from({ length: count }, (_, k) => ({ openedAt: t(k * (1 + gap)), resolvedAt: t(k * (1 + gap) + 1) }));

describe('withClosedSpan (the bounded open spans a reopening keeps)', () => {
  it('appends the closed span, never changing the list it was given', () => {
    const before = spans(2);
    const after = withClosedSpan(before, { openedAt: t(10), resolvedAt: t(11) });
    expect(after).toEqual([...spans(2), { openedAt: t(10), resolvedAt: t(11) }]);
    expect(before).toEqual(spans(2));
    expect(withClosedSpan(undefined, { openedAt: t(0), resolvedAt: t(1) })).toEqual(spans(1));
  });

  it.each([
    { case: 'equal gaps: the oldest two merge', shortGapAfter: undefined, merged: 0 },
    { case: 'the shortest gap merges first, wherever it is', shortGapAfter: 30, merged: 30 },
    {
      case: 'the gap before the span just closed counts too',
      shortGapAfter: MAX_PAST_OPENINGS - 1,
      merged: 63,
    },
  ])('past MAX_PAST_OPENINGS, two neighbours merge: $case', ({ shortGapAfter, merged }) => {
    // Prepare: MAX spans kept, 1 hour apart; optionally one gap of 30 minutes
    const past = spans(MAX_PAST_OPENINGS);
    const closed = { openedAt: t(MAX_PAST_OPENINGS * 2), resolvedAt: t(MAX_PAST_OPENINGS * 2 + 1) };
    const all = [...past, closed];
    if (shortGapAfter !== undefined) all[shortGapAfter]!.resolvedAt = t(shortGapAfter * 2 + 1.5);
    // Act
    const next = withClosedSpan(all.slice(0, -1), all.at(-1)!);
    // Assess
    expect(next).toHaveLength(MAX_PAST_OPENINGS);
    expect(next[merged]).toEqual({
      openedAt: all[merged]!.openedAt,
      resolvedAt: all[merged + 1]!.resolvedAt,
    });
    expect(next.slice(0, merged)).toEqual(all.slice(0, merged));
    expect(next.slice(merged + 1)).toEqual(all.slice(merged + 2));
  });

  it('a list longer than the bound (a lower bound in a later version) is brought back to it', () => {
    expect(
      withClosedSpan(spans(MAX_PAST_OPENINGS + 5), { openedAt: t(500), resolvedAt: t(501) }),
    ).toHaveLength(MAX_PAST_OPENINGS);
  });
});

describe('asOfWeek (the finding as the report of a week shows it)', () => {
  const from = '2026-11-16T00:00:00.000Z';
  const to = '2026-11-23T00:00:00.000Z';

  it('hands back the finding itself when its latest span is the one (no copy for what is open now)', () => {
    const open = syntheticFinding('security', 'high', { firstSeenAt: '2026-11-10T00:00:00.000Z' });
    expect(asOfWeek(open, from, to)).toBe(open);
    const resolved = syntheticFinding('security', 'high', {
      firstSeenAt: '2026-11-10T00:00:00.000Z',
      status: 'resolved',
      resolvedAt: '2026-11-18T00:00:00.000Z',
    });
    expect(asOfWeek(resolved, from, to)).toBe(resolved);
  });

  it('a copy with the earlier span it stood in, without the spans after it', () => {
    const f = syntheticFinding('security', 'high', {
      firstSeenAt: '2026-11-10T00:00:00.000Z',
      openedAt: '2026-11-25T00:00:00.000Z',
      pastOpenings: [{ openedAt: '2026-11-10T00:00:00.000Z', resolvedAt: '2026-11-24T00:00:00.000Z' }],
    });
    const then = asOfWeek(f, from, to);
    expect(then).toMatchObject({ id: f.id, status: 'open', openedAt: '2026-11-10T00:00:00.000Z' });
    expect(then).not.toHaveProperty('resolvedAt');
    expect(then).not.toHaveProperty('pastOpenings');
    expect(f.openedAt).toBe('2026-11-25T00:00:00.000Z');
  });
});
