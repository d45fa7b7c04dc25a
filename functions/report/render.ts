import type { ReportFile } from '../ports/report-store';
import { parseIsoWeek, reportPrefix } from './iso-week';
import type { ReportModel } from './model';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';

/** The three files of a weekly report, keyed under `reports/YYYY/Www/`. */
export function renderReportFiles(model: ReportModel): ReportFile[] {
  const prefix = reportPrefix(parseIsoWeek(model.week));
  return [
    { key: `${prefix}index.html`, body: renderHtml(model), contentType: 'text/html; charset=utf-8' },
    { key: `${prefix}report.md`, body: renderMarkdown(model), contentType: 'text/markdown; charset=utf-8' },
    {
      key: `${prefix}report.json`,
      body: `${JSON.stringify(model, null, 2)}\n`,
      contentType: 'application/json',
    },
  ];
}
