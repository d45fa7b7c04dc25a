import { beforeAll, describe, expect, it } from 'vitest';
import { emptyState, MemoryStore } from '../../functions/adapters/local/memory-store';
import { buildReport } from '../../functions/report/build';
import { gatherReportInput } from '../../functions/report/gather';
import { parseIsoWeek } from '../../functions/report/iso-week';
import {
  expectReported,
  indexedCases,
  PAST_WEEK_CASES,
  type PastWeekReport,
  playPastWeekCases,
  reportedStandings,
} from '../support/past-week-cases';
import { realS3Finding, syntheticFinding } from './fixtures';

// W47: Mon 16 Nov - Sun 22 Nov 2026; the report is written later, in W48.
const W47 = parseIsoWeek('2026-W47');
const NOW = new Date('2026-11-25T10:00:00Z');

const resolved = (pillar: 'security' | 'reliability', firstSeenAt: string, resolvedAt: string) =>
  syntheticFinding(pillar, 'medium', { firstSeenAt, status: 'resolved', resolvedAt });

/** The findings store as it stands on NOW, with findings that were open at different times. */
function storeOnNow() {
  const findings = {
    // Open since W46: open in W47.
    before: syntheticFinding('security', 'high', { firstSeenAt: '2026-11-10T09:00:00Z' }),
    // Opened in W47, still open: open and new in W47.
    during: syntheticFinding('security', 'critical', { firstSeenAt: '2026-11-17T09:00:00Z' }),
    // Opened in W48: did not exist in W47.
    after: syntheticFinding('security', 'critical', { firstSeenAt: '2026-11-24T09:00:00Z' }),
    // Open through W47, resolved in W48: open at the end of W47.
    resolvedLater: resolved('reliability', '2026-11-10T09:00:00Z', '2026-11-24T09:00:00Z'),
    // Resolved in W47: resolved that week, not open.
    resolvedDuring: resolved('security', '2026-11-03T09:00:00Z', '2026-11-18T09:00:00Z'),
    // Resolved in W46: neither.
    resolvedBefore: resolved('security', '2026-11-03T09:00:00Z', '2026-11-12T09:00:00Z'),
    // First seen in W40, resolved in W45, reopened in W48: not open in W47.
    reopenedLater: syntheticFinding('security', 'high', {
      firstSeenAt: '2026-10-01T09:00:00Z',
      openedAt: '2026-11-24T09:00:00Z',
    }),
  };
  const state = emptyState();
  for (const [, f] of Object.entries(findings)) state.findings[f.id] = f;
  return {
    store: new MemoryStore(state),
    ids: Object.fromEntries(Object.entries(findings).map(([k, f]) => [k, f.id])),
  };
}

describe('gatherReportInput for a past week', () => {
  it('reports what was open at the end of the week, not what was opened after it', async () => {
    // Prepare
    const { store, ids } = storeOnNow();
    // Act
    const input = await gatherReportInput({ findings: store.findings, history: store.history }, W47, NOW);
    const model = buildReport(input);
    // Assess
    expect(input.openFindings.map((f) => f.id).sort()).toEqual(
      [ids.before, ids.during, ids.resolvedLater].sort(),
    );
    // As it stood then: open.
    expect(input.openFindings.find((f) => f.id === ids.resolvedLater)).toMatchObject({ status: 'open' });
    expect(input.openFindings.find((f) => f.id === ids.resolvedLater)?.resolvedAt).toBeUndefined();
    expect(input.resolvedThisWeek.map((f) => f.id)).toEqual([ids.resolvedDuring]);
    expect(model.findings).toMatchObject({ open: 3, new: 1, resolved: 1, stillOpen: 2 });
    expect(model.pillars.find((p) => p.pillar === 'security')?.openFindings).toBe(2);
  });

  it('reports what is open now for the current week', async () => {
    const { store, ids } = storeOnNow();
    const input = await gatherReportInput(
      { findings: store.findings, history: store.history },
      parseIsoWeek('2026-W48'),
      NOW,
    );
    expect(input.openFindings.map((f) => f.id).sort()).toEqual(
      [ids.before, ids.during, ids.after, ids.reopenedLater].sort(),
    );
    expect(input.resolvedThisWeek.map((f) => f.id)).toEqual([ids.resolvedLater]);
  });
});

describe('a past week reports what was open at its end, whatever happened since (memory store)', () => {
  let report: PastWeekReport;
  beforeAll(async () => {
    // Prepare
    const store = new MemoryStore();
    await playPastWeekCases(store.findings, realS3Finding());
    // Act
    report = await reportedStandings(store.findings, store.history);
  });

  it.each(indexedCases())('$name: $expected', (c) => expectReported(report, c));

  it('counts a finding resolved that week and reopened since as resolved, not open, in the scores and totals', () => {
    const model = buildReport(report.input);
    const expected = (s: string) => PAST_WEEK_CASES.filter((c) => c.expected === s).length;
    expect(model.findings).toMatchObject({ open: expected('open'), resolved: expected('resolved') });
  });
});
