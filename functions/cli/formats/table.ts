import Table from 'cli-table3';
import type { Finding } from '../../rulebook/model/finding';
import { PILLAR_TITLES, PILLARS } from '../../rulebook/model/pillar';
import type { Severity } from '../../rulebook/model/severity';
import type { PillarScore } from '../../rulebook/scoring';
import type { Colors } from '../io';
import { countsForFailOn, type Report } from '../report';
import {
  assumedDefaultsList,
  conditionNote,
  defaultsNote,
  type FormatContext,
  messageWithDefaults,
  resourceLabel,
  transformNote,
  unknownCountNote,
} from './index';

/**
 * Human output: findings grouped by pillar, one summary line per pillar, a total line. Input errors
 * go to stderr (see commands/shared.ts), not here.
 */
export function renderTable(report: Report, ctx: FormatContext): string {
  const c = ctx.colors;
  const out: string[] = [];
  const width = tableWidth(ctx.columns);
  for (const pillar of PILLARS) {
    const score = report.summary.pillarScores.find((s) => s.pillar === pillar)!;
    const findings = report.findings.filter((f) => f.pillar === pillar);
    if (findings.length === 0 && score.passed + score.failed + score.unknown === 0) continue;
    out.push(c.bold(`${PILLAR_TITLES[pillar]}  ${scoreLine(score, c)}`));
    if (findings.length > 0) out.push(findingsTable(findings, c, width));
    out.push('');
  }
  const s = report.summary;
  if (report.suppressed.length > 0) {
    out.push(c.bold(`Suppressed in the template (${report.suppressed.length}): not counted for --fail-on`));
    for (const f of report.suppressed) {
      out.push(`  ${c.dim('-')} ${f.severity} ${f.ruleId}  ${resourceLabel(f)}: ${f.suppression.reason}`);
    }
    out.push('');
  }
  if (s.unknown.length > 0) {
    out.push(
      c.bold(
        `Unknown (${s.unknown.length}): the scanner cannot tell, check these by hand; ${unknownCountNote(s)}`,
      ),
    );
    for (const u of s.unknown) {
      const suppressed = u.suppression ? ` (suppressed in the template: ${u.suppression.reason})` : '';
      out.push(
        `  ${c.dim('?')} ${u.severity} ${u.ruleId}  ${resourceLabel(u)}: ${messageWithDefaults(u)}${suppressed}`,
      );
    }
    out.push('');
  }
  if (s.skippedByCondition.length > 0) {
    const list = s.skippedByCondition
      .map((r) => {
        const note = defaultsNote(r.defaults);
        return `${r.id} (${r.type}, ${r.condition}${note ? `; ${note}` : ''})`;
      })
      .join(', ');
    out.push(c.dim(`Not created with these parameters (Condition false): ${list}`));
  }
  if (s.parameterDefaults.length > 0) {
    out.push(
      c.dim(
        `Parameter defaults used, as no --parameter set them (a deploy can set others): ${assumedDefaultsList(s.parameterDefaults).join('; ')}`,
      ),
    );
  }
  for (const t of s.transformed) out.push(c.yellow(transformNote(t)));
  if (s.unsupportedTypes.length > 0) {
    const list = s.unsupportedTypes.map((u) => `${u.type} (${u.count})`).join(', ');
    out.push(c.dim(`Not checked, no rule book model for: ${list}`));
  }
  if (s.skippedFiles.length > 0) {
    const n = s.skippedFiles.length;
    const head = `Skipped ${n} file${n === 1 ? '' : 's'} of the folders given: not CloudFormation templates`;
    if (ctx.verbose) out.push(c.dim(`${head}:`), ...s.skippedFiles.map((f) => c.dim(`  ${f}`)));
    else out.push(c.dim(`${head} (--verbose lists them)`));
  }
  if (s.needsFetch.length > 0) {
    out.push(
      c.yellow(`Needs fetch (${s.needsFetch.length}): oversized configuration items, not evaluated offline:`),
    );
    for (const n of s.needsFetch)
      out.push(`  ${n.resourceType} ${n.resourceId} (${n.accountId} ${n.region})`);
  }
  if (s.complianceChanges.length > 0) {
    out.push(
      `AWS Config compliance changes (${s.complianceChanges.length}), listed, not yet turned into findings:`,
    );
    for (const cc of s.complianceChanges) {
      out.push(`  ${cc.configRuleName}: ${cc.resourceType} ${cc.resourceId} is ${cc.complianceType}`);
    }
  }
  out.push(totalLine(report, c));
  return `${out.join('\n')}\n`;
}

function findingsTable(findings: Finding[], c: Colors, width: number): string {
  // Rule ids and resource lines are tokens: size those columns to fit them where the width allows,
  // the message takes the rest and wraps at word boundaries. On a narrow terminal the columns give
  // up width (see fitColumns) and tokens wrap after a `-`, `/` or `:` rather than being cut off.
  const ruleW = Math.min(40, Math.max(6, ...findings.map((f) => f.ruleId.length)) + 2);
  const longest = Math.max(
    10,
    ...findings.flatMap((f) =>
      resourceCell(f)
        .split('\n')
        .map((l) => l.length),
    ),
  );
  const resW = Math.min(longest + 2, Math.max(24, width - 10 - ruleW - 5 - 40));
  const msgW = Math.max(30, width - 10 - ruleW - resW - 5);
  const widths = fitColumns(
    width,
    [10, ruleW, resW, msgW],
    [
      [3, 24],
      [1, 16],
      [2, 16],
      [3, 16],
      [1, 12],
      [2, 12],
    ],
  );
  const table = new Table({
    head: ['severity', 'rule', 'resource', 'message'].map((h) => c.bold(h)),
    colWidths: widths,
    wordWrap: true,
    style: { head: [], border: [], compact: false },
  });
  const [, ruleCol, resCol, msgCol] = widths.map((w) => w - 2) as [number, number, number, number];
  for (const f of findings) {
    table.push([
      severityText(f.severity, c),
      breakLongWords(f.ruleId, ruleCol),
      breakLongWords(resourceCell(f), resCol),
      breakLongWords(messageWithDefaults(f), msgCol),
    ]);
  }
  return table.toString();
}

/**
 * Narrower than this, a table is still drawn this wide: four columns of a few characters each would
 * show nothing useful. Wider than the maximum, lines get too long to read.
 */
export const MIN_TABLE_WIDTH = 60;
const MAX_TABLE_WIDTH = 240;

/** The width to lay a table out for: the terminal's, or 160 columns when it is not known. */
export function tableWidth(columns: number | undefined): number {
  return Math.max(MIN_TABLE_WIDTH, Math.min(columns ?? 160, MAX_TABLE_WIDTH));
}

/**
 * Column widths (padding included) for a table at most `width` characters wide, borders included:
 * each column gets its wanted width, then, while the table is too wide, the columns named in `steps`
 * give width up in turn, each `[column, floor]` step down to that floor at most. Wider than `width`
 * only when every step has reached its floor.
 */
export function fitColumns(
  width: number,
  wanted: readonly number[],
  steps: ReadonlyArray<readonly [column: number, floor: number]>,
): number[] {
  const widths = [...wanted];
  let excess = widths.reduce((sum, w) => sum + w, widths.length + 1) - width;
  for (const [column, floor] of steps) {
    if (excess <= 0) break;
    const give = Math.max(0, Math.min(excess, widths[column]! - floor));
    widths[column]! -= give;
    excess -= give;
  }
  return widths;
}

export function severityText(severity: Severity, c: Colors): string {
  switch (severity) {
    case 'critical':
      return c.bold(c.red(severity));
    case 'high':
      return c.red(severity);
    case 'medium':
      return c.yellow(severity);
    case 'low':
      return c.cyan(severity);
    default:
      return c.dim(severity);
  }
}

function scoreLine(score: PillarScore, c: Colors): string {
  const value = score.score === null ? 'n/a' : `${score.score}`;
  const colored =
    score.score === null
      ? c.dim(value)
      : score.score >= 90
        ? c.green(value)
        : score.score >= 60
          ? c.yellow(value)
          : c.red(value);
  return `score ${colored}  ${score.failed} failed, ${score.passed} passed, ${score.unknown} unknown`;
}

function totalLine(report: Report, c: Colors): string {
  const s = report.summary;
  const counts = (['critical', 'high', 'medium', 'low', 'info'] as const)
    .filter((sev) => s.bySeverity[sev] > 0)
    .map((sev) => `${s.bySeverity[sev]} ${sev}`)
    .join(', ');
  const files = `${s.filesScanned.length} file${s.filesScanned.length === 1 ? '' : 's'}`;
  const verdict =
    s.errors.length > 0 ? c.red(`${s.errors.length} input error${s.errors.length === 1 ? '' : 's'}`) : '';
  const suppressed = s.suppressed > 0 ? `, ${s.suppressed} suppressed` : '';
  const text =
    `Total: ${s.findings} finding${s.findings === 1 ? '' : 's'}${counts ? ` (${counts})` : ''}${suppressed}, ` +
    `${s.checks.passed} passed, ${s.checks.unknown} unknown checks${failingUnknown(s)} on ${s.subjectsEvaluated} resources/events in ${files}` +
    (verdict ? `; ${verdict}` : '');
  return c.bold(text);
}

/** ` (1 at or above high: --fail-on-unknown)` when unknown checks fail the run, else nothing. */
function failingUnknown(s: Report['summary']): string {
  if (!s.failOnUnknown) return '';
  const count = s.unknown.filter((u) => countsForFailOn(u, s.failOn)).length;
  return count > 0 ? ` (${count} at or above ${s.failOn}: --fail-on-unknown)` : '';
}

/** Type, id and where, one per line, so long paths wrap at line ends rather than mid-word. */
function resourceCell(finding: Finding): string {
  const r = finding.resource;
  const where = r.location
    ? `${r.location.file}${r.location.line ? `:${r.location.line}` : ''}`
    : r.accountId
      ? `${r.accountId}${r.region ? ` ${r.region}` : ''}`
      : '';
  return [r.type, r.id, where, conditionNote(finding)].filter(Boolean).join('\n');
}

/**
 * Where to cut a token longer than `width`: after the last `/` that fits (paths), else the last `:`
 * (ARNs), else the last `-` or `_` (rule ids, names), else at `width`. A separator in the first third is
 * passed over: it would leave a stub of a line.
 */
function breakAt(token: string, width: number): number {
  for (const separators of [['/'], [':'], ['-', '_']]) {
    const at = Math.max(...separators.map((sep) => token.lastIndexOf(sep, width - 1))) + 1;
    if (at >= width / 3) return at;
  }
  return width;
}

/**
 * Splits words longer than `width` after a `/`, `:` or `-` where one fits (see breakAt), so cli-table3
 * wraps a rule id, template path, ARN or long word at a natural point instead of cutting it off
 * with "…". Lines and the words of a line stay as they are: cli-table3 wraps those at spaces.
 */
export function breakLongWords(text: string, width: number): string {
  if (width < 2) return text;
  return text
    .split('\n')
    .map((line) =>
      line
        .split(' ')
        .map((word) => {
          const parts: string[] = [];
          let rest = word;
          while (rest.length > width) {
            const at = breakAt(rest, width);
            parts.push(rest.slice(0, at));
            rest = rest.slice(at);
          }
          parts.push(rest);
          return parts.join(' ');
        })
        .join(' '),
    )
    .join('\n');
}
