import { describe, expect, it } from 'vitest';
import { REPORT_SCHEMA_VERSION } from '../../functions/report/model';
import { renderReportFiles } from '../../functions/report/render';
import { renderHtml } from '../../functions/report/render-html';
import { renderMarkdown } from '../../functions/report/render-markdown';
import { sampleReport } from './sample-report';

describe('report rendering', () => {
  const model = sampleReport();
  const html = renderHtml(model);

  it('writes index.html, report.md and report.json under reports/YYYY/Www/ with content types', () => {
    const files = renderReportFiles(model);
    expect(files.map((f) => [f.key, f.contentType])).toEqual([
      ['reports/2026/W47/index.html', 'text/html; charset=utf-8'],
      ['reports/2026/W47/report.md', 'text/markdown; charset=utf-8'],
      ['reports/2026/W47/report.json', 'application/json'],
    ]);
    const json = JSON.parse(files[2]!.body);
    expect(json.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(json.pillars).toHaveLength(6);
  });

  it('is self-contained: no script, no external resource, a CSP that forbids loading anything', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).toContain("default-src 'none'");
  });

  it('escapes finding text (evidence can contain anything)', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shows every pillar score, the trends, the seed table, cost, degraded sections and decisions', () => {
    for (const p of model.pillars) expect(html).toContain(`${p.score} / 100`);
    expect(html).toContain('12-week trends');
    expect(html.match(/<polyline/g)?.length).toBe(6);
    expect(html).toContain(
      '<th>Pillar</th><th>Current Gap</th><th>Recommendation</th><th>Expected Impact</th>',
    );
    expect(html).toContain('NAT gateway data processing');
    expect(html).toContain('root cause: EC2 - Other / EU-NatGateway-Bytes');
    expect(html).toContain("Left out (Cost Explorer's record could not be read): a2: cost anomaly a2 has no");
    expect(html).toContain('not available this week: access denied (organizations:ListAccounts)');
    expect(html).toContain('1 approved');
    expect(html).toContain('7 day(s) left');
  });

  it('does not say "no cost anomalies" when the only ones were left out', () => {
    const report = sampleReport();
    const cost = report.cost as { status: 'ok'; data: { anomalies: unknown[] } };
    cost.data.anomalies = [];
    const page = renderHtml(report);
    expect(page).toContain("Left out (Cost Explorer's record could not be read): a2");
    expect(page).not.toContain('No cost anomalies this week.');
  });

  it('says so on the first report instead of drawing empty trends', () => {
    const first = renderHtml(sampleReport({ firstReport: true }));
    expect(first).toContain('This is the first report');
    expect(first).not.toContain('<polyline');
  });

  it('renders the same content as Markdown with the recommendations table', () => {
    const md = renderMarkdown(model);
    expect(md).toContain('# Well-Architected report 2026-W47');
    expect(md).toContain("Left out (Cost Explorer's record could not be read): a2: cost anomaly a2 has no");
    expect(md).toContain('| Pillar | Current Gap | Recommendation | Expected Impact |');
    expect(md).toMatch(/\| Security \| .*Block Public Access is off/);
    expect(md).toContain('> Not available this week: access denied (organizations:ListAccounts)');
    for (const p of model.pillars) expect(md).toContain(`| ${p.title} | ${p.score}`);
  });
});
