import { describe, expect, it } from 'vitest';
import { bucketEvent, testRuntime } from './support';

describe('weekly report workflow (real weekly-report.asl.json, local runtime)', () => {
  it('gathers open findings, scores pillars, writes JSON + Markdown, stores the snapshot and posts the headline', async () => {
    const now = new Date('2026-11-18T10:00:00Z');
    const t = testRuntime({ now: () => now });
    await t.runtime.triage(bucketEvent());
    const result = await t.runtime.weeklyReport({});
    expect(result.status).toBe('SUCCEEDED');
    expect(result).toMatchObject({ output: { week: '2026-W47' } });

    const json = JSON.parse(t.reports.files.get('reports/2026-W47/report.json')!.body);
    expect(json.totals).toEqual({ open: 2, resolvedThisWeek: 0, newThisWeek: 2 });
    expect(json.openBySeverity).toMatchObject({ high: 1, low: 1 });
    const security = json.scores.find((s: { pillar: string }) => s.pillar === 'security');
    expect(security).toMatchObject({ failed: 1, score: 0 });

    const md = t.reports.files.get('reports/2026-W47/summary.md')!.body;
    expect(md).toContain('# Well-Architected compliance report, 2026-W47');
    expect(md).toContain('| Security | 0% | 1 | 0 |');
    expect(t.out.text()).toContain(
      '📊 Week 2026-W47: 2 open findings (0 critical, 1 high), 2 new, 0 resolved this week',
    );
    expect(await t.store.history.latest(1)).toMatchObject([{ week: '2026-W47' }]);
  });

  it('fixed findings count as passed checks in the week they were resolved', async () => {
    const now = new Date('2026-11-18T10:00:00Z');
    const t = testRuntime({ now: () => now });
    await t.runtime.triage(bucketEvent());
    await t.runtime.triage(bucketEvent({ compliant: true, id: 'fixed' }));
    const result = await t.runtime.weeklyReport({});
    expect(result.status).toBe('SUCCEEDED');
    const json = JSON.parse(t.reports.files.get('reports/2026-W47/report.json')!.body);
    expect(json.totals).toMatchObject({ open: 0, resolvedThisWeek: 2 });
    expect(json.scores.find((s: { pillar: string }) => s.pillar === 'security').score).toBe(100);
  });
});
