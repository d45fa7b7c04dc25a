import { expect } from 'vitest';
import type { FindingsStore, StoredFinding } from '../../functions/ports/findings-store';
import type { ScoreHistory } from '../../functions/ports/score-history';
import { gatherReportInput } from '../../functions/report/gather';
import { parseIsoWeek } from '../../functions/report/iso-week';
import type { ReportInput } from '../../functions/report/model';
import type { Finding } from '../../functions/rulebook/model/finding';

/**
 * Table-driven cases for a past week's report, played through any FindingsStore (memory, file,
 * DynamoDB over moto or a mock): each case is one finding's life as the store sees it (failed
 * checks open it, passed checks resolve it, at the times given), and how the report of W47 must show
 * it, whatever happened to it after W47.
 *
 * W47 is Mon 16 Nov - Sun 22 Nov 2026 (it ends 2026-11-23T00:00Z); the report is written in W49.
 */
export const REPORTED_WEEK = parseIsoWeek('2026-W47');
export const REPORT_NOW = new Date('2026-12-02T10:00:00.000Z');
const WEEK_END = Date.parse('2026-11-23T00:00:00.000Z');

export type Standing = 'open' | 'resolved' | 'absent';
type Step = ['open' | 'resolve', string];

export interface PastWeekCase {
  name: string;
  steps: Step[];
  expected: Standing;
  /** Flaps past the bound (MAX_PAST_OPENINGS): 140 record calls, where the others take at most 4. */
  flapping?: boolean;
  /** The span the report shows, when listed: when it opened, and (resolved) when it was resolved. */
  openedAt?: string;
  resolvedAt?: string;
}

const day = (d: string) => `2026-${d}T09:00:00.000Z`;
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const flapOpen = (firstOpen: number, k: number) => iso(firstOpen + k * 30 * MINUTE);
const flapResolve = (firstOpen: number, k: number) => iso(firstOpen + (k * 30 + 10) * MINUTE);
/** `count` flaps: the k-th opens `k * 30` minutes after `firstOpen` and is resolved 10 minutes later. */
function flapping(firstOpen: number, count: number): Step[] {
  const steps: Step[] = [];
  for (let k = 0; k < count; k++)
    steps.push(['open', flapOpen(firstOpen, k)], ['resolve', flapResolve(firstOpen, k)]);
  return steps;
}

/** 70 flaps close 69 spans: past MAX_PAST_OPENINGS (64), the oldest 6 flaps merge into one span. */
const FLAPS = 70;
// Flap 49 (kept exactly) is resolved at 23:45 on the week's last day; flap 50 opens after the week.
const keptGap = WEEK_END - (24 * 60 + 55) * MINUTE;
// Flap 50 (kept exactly) opens at 23:55 on the week's last day and is resolved after the week.
const keptSpan = WEEK_END - (25 * 60 + 5) * MINUTE;
// Flap 2 is resolved at 23:45 on the week's last day, flap 3 opens after it: both merged.
const mergedGap = WEEK_END - 85 * MINUTE;
const afterLongSpan = Date.parse('2026-11-28T01:00:00.000Z');

export const PAST_WEEK_CASES: PastWeekCase[] = [
  {
    name: 'open at the week end, resolved after, reopened after',
    steps: [
      ['open', day('11-10')],
      ['resolve', day('11-24')],
      ['open', day('11-26')],
    ],
    expected: 'open',
    openedAt: day('11-10'),
  },
  {
    name: 'open at the week end, resolved after, reopened after, resolved again',
    steps: [
      ['open', day('11-10')],
      ['resolve', day('11-24')],
      ['open', day('11-26')],
      ['resolve', day('11-28')],
    ],
    expected: 'open',
    openedAt: day('11-10'),
  },
  {
    name: 'opened during the week, resolved after, reopened after',
    steps: [
      ['open', day('11-18')],
      ['resolve', day('11-24')],
      ['open', day('11-25')],
    ],
    expected: 'open',
    openedAt: day('11-18'),
  },
  {
    name: 'resolved before the week, reopened during it, still open',
    steps: [
      ['open', day('11-01')],
      ['resolve', day('11-10')],
      ['open', day('11-18')],
    ],
    expected: 'open',
    openedAt: day('11-18'),
  },
  {
    name: 'resolved and reopened during the week (open at its end, so not resolved that week)',
    steps: [
      ['open', day('11-10')],
      ['resolve', day('11-17')],
      ['open', day('11-19')],
    ],
    expected: 'open',
    openedAt: day('11-19'),
  },
  {
    name: 'open through the week, still open',
    steps: [['open', day('11-10')]],
    expected: 'open',
    openedAt: day('11-10'),
  },
  {
    name: 'resolved during the week, reopened after',
    steps: [
      ['open', day('11-10')],
      ['resolve', day('11-18')],
      ['open', day('11-25')],
    ],
    expected: 'resolved',
    openedAt: day('11-10'),
    resolvedAt: day('11-18'),
  },
  {
    name: 'resolved during the week, reopened after, resolved again',
    steps: [
      ['open', day('11-10')],
      ['resolve', day('11-18')],
      ['open', day('11-25')],
      ['resolve', day('11-27')],
    ],
    expected: 'resolved',
    openedAt: day('11-10'),
    resolvedAt: day('11-18'),
  },
  {
    name: 'opened and resolved during the week, reopened after',
    steps: [
      ['open', day('11-17')],
      ['resolve', day('11-19')],
      ['open', day('11-24')],
    ],
    expected: 'resolved',
    openedAt: day('11-17'),
    resolvedAt: day('11-19'),
  },
  { name: 'opened after the week', steps: [['open', day('11-25')]], expected: 'absent' },
  {
    name: 'opened after the week, resolved and reopened since',
    steps: [
      ['open', day('11-24')],
      ['resolve', day('11-25')],
      ['open', day('11-26')],
    ],
    expected: 'absent',
  },
  {
    name: 'resolved before the week, reopened after',
    steps: [
      ['open', day('11-01')],
      ['resolve', day('11-10')],
      ['open', day('11-24')],
    ],
    expected: 'absent',
  },
  {
    name: 'resolved before the week',
    steps: [
      ['open', day('11-01')],
      ['resolve', day('11-10')],
    ],
    expected: 'absent',
  },
  {
    name: 'flapping past the bound, the week end in a gap still kept exactly',
    steps: flapping(keptGap, FLAPS),
    flapping: true,
    expected: 'resolved',
    openedAt: flapOpen(keptGap, 49),
    resolvedAt: flapResolve(keptGap, 49),
  },
  {
    name: 'flapping past the bound, the week end in a span still kept exactly',
    steps: flapping(keptSpan, FLAPS),
    flapping: true,
    expected: 'open',
    openedAt: flapOpen(keptSpan, 50),
  },
  {
    // Past the bound the oldest flaps merged into one span: the finding counts as open across the
    // forgotten gaps, so a week ending in one lists it as open (it was resolved at that instant).
    name: 'flapping past the bound, the week end in a merged gap (listed open: the documented approximation)',
    steps: flapping(mergedGap, FLAPS),
    flapping: true,
    expected: 'open',
    openedAt: flapOpen(mergedGap, 0),
  },
  {
    // The shortest gaps merge first: the long span before the flapping survives.
    name: 'open for weeks, then flapping past the bound after the week',
    steps: [
      ['open', day('11-01')],
      ['resolve', '2026-11-28T00:00:00.000Z'],
      ...flapping(afterLongSpan, FLAPS),
    ],
    flapping: true,
    expected: 'open',
    openedAt: day('11-01'),
  },
];

export type IndexedCase = PastWeekCase & { index: number };

/** The cases with their index (which names their finding), for `it.each` and `playPastWeekCases`. */
export function indexedCases(): IndexedCase[] {
  return PAST_WEEK_CASES.map((c, index) => Object.assign({ index }, c));
}

/** The finding of case `index`: `base` with its own id and resource. */
export function caseFinding(base: Finding, index: number): Finding {
  return Object.assign({}, base, {
    id: `past-week-${index}`,
    resource: Object.assign({}, base.resource, { id: `past-week-bucket-${index}` }),
  });
}

/** Records every case's steps in the store (one `record` call per step, at the step's time). */
export async function playPastWeekCases(
  store: FindingsStore,
  base: Finding,
  cases: ReadonlyArray<IndexedCase> = indexedCases(),
): Promise<void> {
  // The cases' findings are independent: their lives are played concurrently, each in order.
  await Promise.all(
    cases.map(async (c) => {
      const index = c.index;
      const finding = caseFinding(base, index);
      const passed = { findingId: finding.id, ruleId: finding.ruleId, resource: finding.resource };
      for (const [what, at] of c.steps) {
        if (what === 'open') await store.record([finding], [], new Date(at));
        else await store.record([], [passed], new Date(at));
      }
    }),
  );
}

/** The W47 report's input on REPORT_NOW, and how it shows each case's finding (by case index). */
export async function reportedStandings(
  findings: FindingsStore,
  history: ScoreHistory,
): Promise<{
  input: ReportInput;
  standing: (index: number) => Standing;
  shown: (index: number) => StoredFinding | undefined;
}> {
  const input = await gatherReportInput({ findings, history }, REPORTED_WEEK, REPORT_NOW);
  const byId = new Map<string, StoredFinding>();
  for (const f of [...input.openFindings, ...input.resolvedThisWeek]) {
    if (byId.has(f.id)) throw new Error(`${f.id} is listed twice`);
    byId.set(f.id, f);
  }
  const shown = (index: number) => byId.get(`past-week-${index}`);
  return {
    input,
    shown,
    standing: (index) => {
      const f = shown(index);
      if (!f) return 'absent';
      return input.openFindings.includes(f) ? 'open' : 'resolved';
    },
  };
}

export type PastWeekReport = Awaited<ReturnType<typeof reportedStandings>>;

/**
 * Asserts how the report shows case `c`'s finding: listed as expected (or not at all), with the
 * status it had then and that span's times (`resolvedAt` only when resolved that week).
 */
export function expectReported(report: PastWeekReport, c: IndexedCase): void {
  expect(report.standing(c.index)).toBe(c.expected);
  const f = report.shown(c.index);
  expect(f && { status: f.status, openedAt: f.openedAt, resolvedAt: f.resolvedAt }).toEqual(
    c.expected === 'absent'
      ? undefined
      : { status: c.expected, openedAt: c.openedAt, resolvedAt: c.resolvedAt },
  );
}
