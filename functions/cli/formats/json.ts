import type { Report } from '../report';

/** `{ "findings": [...], "summary": {...} }`: the contract other tools parse. */
export function renderJson(report: Report): string {
  return `${JSON.stringify({ findings: report.findings, summary: report.summary }, null, 2)}\n`;
}
