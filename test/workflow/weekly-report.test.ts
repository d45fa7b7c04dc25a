import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../functions/report/model';
import { bucketEvent, FailingDeadLetters, testRuntime } from './support';

describe('weekly report workflow (real weekly-report.asl.json, local runtime)', () => {
  it('gathers the week, writes HTML + Markdown + JSON under reports/YYYY/Www/, stores the snapshot and posts the link', async () => {
    const now = new Date('2026-11-18T10:00:00Z');
    const t = testRuntime({ now: () => now });
    await t.runtime.triage(bucketEvent());
    const result = await t.runtime.weeklyReport({});
    expect(result.status).toBe('SUCCEEDED');
    expect(result).toMatchObject({ output: { week: '2026-W47' } });

    expect([...t.reports.files.keys()].sort()).toEqual([
      'reports/2026/W47/index.html',
      'reports/2026/W47/report.json',
      'reports/2026/W47/report.md',
    ]);
    const model = JSON.parse(t.reports.files.get('reports/2026/W47/report.json')!.body) as ReportModel;
    expect(model.findings).toMatchObject({ open: 2, resolved: 0, new: 2 });
    expect(model.findings.bySeverity).toMatchObject({ high: 1, low: 1 });
    expect(model.firstReport).toBe(true);
    const security = model.pillars.find((p) => p.pillar === 'security')!;
    expect(security).toMatchObject({ failed: 1, score: 0 });
    expect(model.cost).toEqual({ status: 'unavailable', reason: 'no cost source is configured' });

    const html = t.reports.files.get('reports/2026/W47/index.html')!.body;
    expect(html).toContain('Well-Architected report <span class="week">2026-W47</span>');
    const md = t.reports.files.get('reports/2026/W47/report.md')!.body;
    expect(md).toContain('| Pillar | Current Gap | Recommendation | Expected Impact |');
    expect(t.out.text()).toContain('Week 2026-W47: score');
    expect(t.out.text()).toContain('2 open findings (0 critical, 1 high), 2 new, 0 resolved this week');
    expect(await t.store.history.latest(1)).toMatchObject([{ week: '2026-W47' }]);
  });

  it('a scheduled run reports the week of the day before: Monday 08:00 reports the week that just ended, not the new one', async () => {
    // Findings of Wednesday of W47; the schedule fires Monday 08:00 of W48.
    const clock = { at: new Date('2026-11-18T10:00:00Z') };
    const t = testRuntime({ now: () => clock.at });
    await t.runtime.triage(bucketEvent());
    clock.at = new Date('2026-11-23T08:00:05Z');
    const result = await t.runtime.weeklyReport({ scheduledTime: '2026-11-23T08:00:00Z' });
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { week: '2026-W47' } });
    const model = JSON.parse(t.reports.files.get('reports/2026/W47/report.json')!.body) as ReportModel;
    expect(model.findings).toMatchObject({ open: 2, new: 2 });
    // A Friday afternoon schedule reports its own week so far.
    const friday = await t.runtime.weeklyReport({ scheduledTime: '2026-11-27T16:00:00Z' });
    expect(friday).toMatchObject({ status: 'SUCCEEDED', output: { week: '2026-W48' } });
    // Run by hand without a week: the current one.
    expect(await t.runtime.weeklyReport({})).toMatchObject({ output: { week: '2026-W48' } });
  });

  it('a scheduled time that is not an ISO instant is refused by name', async () => {
    const t = testRuntime();
    expect(await t.runtime.weeklyReport({ scheduledTime: 'next monday' })).toMatchObject({
      status: 'FAILED',
      error: 'ReportFailed',
    });
    expect(JSON.stringify(t.runtime.deadLetters.messages[0]!.body)).toContain('scheduledTime');
  });

  it('fixed findings count as passed checks in the week they were resolved; the next week shows the change', async () => {
    const t = testRuntime({ now: () => new Date('2026-11-18T10:00:00Z') });
    await t.runtime.triage(bucketEvent());
    await t.runtime.triage(bucketEvent({ compliant: true, id: 'fixed' }));
    expect((await t.runtime.weeklyReport({})).status).toBe('SUCCEEDED');
    const model = JSON.parse(t.reports.files.get('reports/2026/W47/report.json')!.body) as ReportModel;
    expect(model.findings).toMatchObject({ open: 0, resolved: 2 });
    expect(model.pillars.find((p) => p.pillar === 'security')!.score).toBe(100);

    const next = await t.runtime.weeklyReport({ week: '2026-W48' });
    expect(next.status).toBe('SUCCEEDED');
    const week48 = JSON.parse(t.reports.files.get('reports/2026/W48/report.json')!.body) as ReportModel;
    expect(week48.firstReport).toBe(false);
    expect(week48.pillars.find((p) => p.pillar === 'security')!.previousScore).toBe(100);
  });

  it('a failed report is dead-lettered; when the dead-letter queue refuses too, it ends as DeadLetterFailed', async () => {
    const failGather = {
      'gather-report': () => async () => {
        throw Object.assign(new Error('AccessDenied'), { name: 'AccessDeniedException' });
      },
    };
    const ok = testRuntime({ wrap: failGather });
    expect(await ok.runtime.weeklyReport({})).toMatchObject({ status: 'FAILED', error: 'ReportFailed' });
    expect(ok.runtime.deadLetters.messages[0]!.body).toMatchObject({
      error: { Error: 'AccessDeniedException' },
    });

    const deadLetters = new FailingDeadLetters();
    const down = testRuntime({ wrap: failGather, deadLetters });
    expect(await down.runtime.weeklyReport({})).toMatchObject({
      status: 'FAILED',
      error: 'DeadLetterFailed',
    });
    expect(deadLetters.attempts).toBe(5);
  });
});
