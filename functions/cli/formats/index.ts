import type { RuleBook } from '../../rulebook/engine';
import type { Finding } from '../../rulebook/model/finding';
import type { Colors } from '../io';
import type { Report } from '../report';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { renderSarif } from './sarif';
import { renderTable } from './table';

export interface FormatContext {
  book: RuleBook;
  colors: Colors;
  /** Terminal width when stdout is a terminal. */
  columns?: number;
}

/** One renderer per output format; each returns the whole text written to stdout. */
export type Formatter = (report: Report, ctx: FormatContext) => string;

export const FORMATS = {
  table: renderTable,
  json: renderJson,
  sarif: renderSarif,
  markdown: renderMarkdown,
} as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

/** `AWS::S3::Bucket DataBucket (template.yaml:12)`: what and where, for humans. */
export function resourceLabel(finding: Pick<Finding, 'resource'>): string {
  const r = finding.resource;
  const where = r.location
    ? ` (${r.location.file}${r.location.line ? `:${r.location.line}` : ''})`
    : r.accountId
      ? ` (${r.accountId}${r.region ? ` ${r.region}` : ''})`
      : '';
  return `${r.type} ${r.id}${where}`;
}
