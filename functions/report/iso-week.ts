/**
 * ISO 8601 weeks (weeks start on Monday; week 1 contains the year's first Thursday). Reports are
 * filed under `reports/YYYY/Www/` by ISO week, so the week-based year is used, not the calendar year.
 */
export interface IsoWeek {
  year: number;
  week: number;
}

const DAY_MS = 86_400_000;

export function isoWeekOf(date: Date): IsoWeek {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return { year: day.getUTCFullYear(), week: Math.ceil(((day.getTime() - yearStart) / DAY_MS + 1) / 7) };
}

/** `2026-W47` */
export function formatIsoWeek({ year, week }: IsoWeek): string {
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function parseIsoWeek(text: string): IsoWeek {
  const match = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!match) throw new Error(`not an ISO week: ${JSON.stringify(text)} (expected YYYY-Www)`);
  const week = { year: Number(match[1]), week: Number(match[2]) };
  if (week.week < 1 || week.week > weeksInYear(week.year)) throw new Error(`${text}: no such ISO week`);
  return week;
}

/** Monday 00:00 UTC of the week. */
export function weekStart({ year, week }: IsoWeek): Date {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const mondayOfWeek1 = jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * DAY_MS;
  return new Date(mondayOfWeek1 + (week - 1) * 7 * DAY_MS);
}

/** The Monday after the week (exclusive end). */
export function weekEnd(week: IsoWeek): Date {
  return new Date(weekStart(week).getTime() + 7 * DAY_MS);
}

export function previousWeek(week: IsoWeek): IsoWeek {
  return isoWeekOf(new Date(weekStart(week).getTime() - DAY_MS));
}

export function weeksInYear(year: number): number {
  return isoWeekOf(new Date(Date.UTC(year, 11, 28))).week;
}

/** `reports/2026/W47/` */
export function reportPrefix(week: IsoWeek): string {
  return `reports/${week.year}/W${String(week.week).padStart(2, '0')}/`;
}
