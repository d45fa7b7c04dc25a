import type { Report } from '../report';

/**
 * `{ "findings": [...], "suppressed": [...], "summary": {...} }`: the contract other tools parse.
 * A suppressed finding has the Finding fields plus `suppression: { kind: "inSource", reason }`.
 */
export function renderJson(report: Report): string {
  const { findings, suppressed, summary } = report;
  return `${JSON.stringify({ findings, suppressed, summary }, null, 2)}\n`;
}
