import type { RuleBook } from '../../rulebook/engine';
import type { Finding, ParameterDefault } from '../../rulebook/model/finding';
import type { Colors } from '../io';
import type { AssumedDefault, Report } from '../report';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { renderSarif } from './sarif';
import { renderTable } from './table';

export interface FormatContext {
  book: RuleBook;
  colors: Colors;
  /** Terminal width when stdout is a terminal. */
  columns?: number;
  /** `scan --verbose`: list what was left out (skipped files) rather than only count it. */
  verbose?: boolean;
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

/**
 * `AWS::S3::Bucket DataBucket (template.yaml:12)`: what and where, for humans; `(template.yaml:12,
 * only if IsProd)` when the template creates the resource only if a Condition holds.
 */
export function resourceLabel(finding: Pick<Finding, 'resource'>): string {
  const r = finding.resource;
  const condition = conditionNote(finding);
  const where = r.location
    ? ` (${r.location.file}${r.location.line ? `:${r.location.line}` : ''}${condition ? `, ${condition}` : ''})`
    : r.accountId
      ? ` (${r.accountId}${r.region ? ` ${r.region}` : ''})`
      : '';
  return `${r.type} ${r.id}${where}`;
}

/**
 * `only if IsProd` for a template resource whose `Condition` depends on a parameter not given: it is
 * checked, but exists only if the condition holds at deploy time. Every format must say so.
 */
export function conditionNote(finding: Pick<Finding, 'resource'>): string | undefined {
  const condition = finding.resource.location?.condition;
  return condition ? `only if ${condition}` : undefined;
}

/**
 * `AllowedCidr defaults to 0.0.0.0/0, Port defaults to 22`: the parameter defaults a result was
 * evaluated with (a deploy that sets the parameter can change it). A NoEcho default shows as `****`,
 * as CloudFormation shows it.
 */
export function defaultsNote(defaults: readonly ParameterDefault[] | undefined): string | undefined {
  if (!defaults || defaults.length === 0) return undefined;
  return defaults.map((d) => `${d.parameter} defaults to ${defaultText(d)}`).join(', ');
}

/** The message with the parameter defaults it depends on, if any: `... (AllowedCidr defaults to 0.0.0.0/0)`. */
export function messageWithDefaults(item: {
  message: string;
  parameterDefaults?: readonly ParameterDefault[];
}): string {
  const note = defaultsNote(item.parameterDefaults);
  return note ? `${item.message} (${note})` : item.message;
}

/** `file: BlockAcls=false, DbPassword=**** (NoEcho)`, one entry per template, for the summaries. */
export function assumedDefaultsList(defaults: readonly AssumedDefault[]): string[] {
  const byFile = new Map<string, string[]>();
  for (const d of defaults) {
    const text = `${d.parameter}=${defaultText(d)}${d.noEcho ? ' (NoEcho)' : ''}`;
    const list = byFile.get(d.file);
    if (list) list.push(text);
    else byFile.set(d.file, [text]);
  }
  return [...byFile].map(([file, list]) => `${file}: ${list.join(', ')}`);
}

/** What `--fail-on-unknown` does, said wherever unknown checks are listed. */
export function unknownCountNote(summary: Report['summary']): string {
  return summary.failOnUnknown
    ? `those at or above ${summary.failOn} fail the run (--fail-on-unknown)`
    : 'not counted for --fail-on (--fail-on-unknown counts them)';
}

function defaultText(d: ParameterDefault): string {
  if (d.noEcho || d.value === undefined) return '****';
  return d.value === '' || d.value.trim() !== d.value ? JSON.stringify(d.value) : d.value;
}

/**
 * What a template with a Transform means for the scan, and how to get the template CloudFormation
 * deploys: the scanner does not run macros (the SAM transform runs in CloudFormation).
 */
export function transformNote(t: { file: string; transforms: readonly string[] }): string {
  const sam = t.transforms.includes('AWS::Serverless-2016-10-31');
  const include = t.transforms.includes('AWS::Include')
    ? 'the AWS::Include snippets are not processed (checks they could change are unknown), and '
    : '';
  return (
    `${t.file} uses Transform ${t.transforms.join(', ')}: ${include}the resources ${sam ? 'the transform creates or changes (AWS::Serverless::*)' : 'its macros create or change'} are not checked. ` +
    'Scan the processed template instead: `aws cloudformation get-template --stack-name STACK --template-stage Processed` ' +
    '(a deployed stack; add `--change-set-name NAME` for a change set)' +
    (sam ? ', or the one `sam validate --debug` prints (`sam build` output is not transformed)' : '') +
    '.'
  );
}
