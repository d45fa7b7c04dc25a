import { describe, expect, it } from 'vitest';
import {
  formatIsoWeek,
  isoWeekOf,
  parseIsoWeek,
  previousWeek,
  reportPrefix,
  weekEnd,
  weekStart,
  weeksInYear,
} from '../../functions/report/iso-week';

describe('ISO weeks', () => {
  it.each([
    ['2026-11-22T23:59:00Z', '2026-W47'], // a Sunday belongs to the week that started on Monday
    ['2026-11-23T00:00:00Z', '2026-W48'],
    ['2021-01-03T12:00:00Z', '2020-W53'], // early January can belong to the previous ISO year
    ['2026-12-31T12:00:00Z', '2026-W53'], // 2026 starts on a Thursday, so it has 53 weeks
    ['2027-01-01T12:00:00Z', '2026-W53'],
    ['2024-12-30T12:00:00Z', '2025-W01'], // late December can belong to the next ISO year
  ])('%s is in %s', (date, week) => {
    expect(formatIsoWeek(isoWeekOf(new Date(date)))).toBe(week);
  });

  it('knows week boundaries, the previous week across a year, and the report prefix', () => {
    const w = parseIsoWeek('2026-W01');
    expect(weekStart(w).toISOString()).toBe('2025-12-29T00:00:00.000Z');
    expect(weekEnd(w).toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(formatIsoWeek(previousWeek(w))).toBe('2025-W52');
    expect(reportPrefix(parseIsoWeek('2026-W07'))).toBe('reports/2026/W07/');
    expect(weeksInYear(2020)).toBe(53);
    expect(weeksInYear(2025)).toBe(52);
  });

  it('rejects malformed and impossible weeks', () => {
    expect(() => parseIsoWeek('2026-47')).toThrow(/not an ISO week/);
    expect(() => parseIsoWeek('2025-W53')).toThrow(/no such ISO week/);
  });
});
