import Table from 'cli-table3';
import type { Finding } from '../../rulebook/model/finding';
import { PILLAR_TITLES, PILLARS } from '../../rulebook/model/pillar';
import type { Severity } from '../../rulebook/model/severity';
import type { PillarScore } from '../../rulebook/scoring';
import type { Colors } from '../io';
import type { Report } from '../report';
import { conditionNote, type FormatContext } from './index';

/**
 * Human output: findings grouped by pillar, one summary line per pillar, a total line. Input errors
 * go to stderr (see commands/shared.ts), not here.
 */
export function renderTable(report: Report, ctx: FormatContext): string {
  const c = ctx.colors;
  const out: string[] = [];
  const width = Math.max(80, Math.min(ctx.columns ?? 160, 240));
  for (const pillar of PILLARS) {
    const score = report.summary.pillarScores.find((s) => s.pillar === pillar)!;
    const findings = report.findings.filter((f) => f.pillar === pillar);
    if (findings.length === 0 && score.passed + score.failed + score.unknown === 0) continue;
    out.push(c.bold(`${PILLAR_TITLES[pillar]}  ${scoreLine(score, c)}`));
    if (findings.length > 0) out.push(findingsTable(findings, c, width));
    out.push('');
  }
  const s = report.summary;
  if (s.unknown.length > 0) {
    out.push(c.bold(`Unknown (${s.unknown.length}): the scanner cannot tell, check these by hand`));
    for (const u of s.unknown) {
      const where = u.resource.location
        ? ` (${u.resource.location.file}${u.resource.location.line ? `:${u.resource.location.line}` : ''})`
        : '';
      out.push(`  ${c.dim('?')} ${u.ruleId}  ${u.resource.type} ${u.resource.id}${where}: ${u.message}`);
    }
    out.push('');
  }
  if (s.skippedByCondition.length > 0) {
    const list = s.skippedByCondition.map((r) => `${r.id} (${r.type}, ${r.condition})`).join(', ');
    out.push(c.dim(`Not created with these parameters (Condition false): ${list}`));
  }
  if (s.unsupportedTypes.length > 0) {
    const list = s.unsupportedTypes.map((u) => `${u.type} (${u.count})`).join(', ');
    out.push(c.dim(`Not checked, no rule book model for: ${list}`));
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
  // Rule ids and resource lines are tokens that must not be cut: size those columns to fit them,
  // the message takes the rest and wraps at word boundaries.
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
  const table = new Table({
    head: ['severity', 'rule', 'resource', 'message'].map((h) => c.bold(h)),
    colWidths: [10, ruleW, resW, msgW],
    wordWrap: true,
    style: { head: [], border: [], compact: false },
  });
  for (const f of findings) {
    table.push([
      severityText(f.severity, c),
      f.ruleId,
      wrapPaths(resourceCell(f), resW - 2),
      breakLongWords(f.message, msgW - 2),
    ]);
  }
  return table.toString();
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
  const text =
    `Total: ${s.findings} finding${s.findings === 1 ? '' : 's'}${counts ? ` (${counts})` : ''}, ` +
    `${s.checks.passed} passed, ${s.checks.unknown} unknown checks on ${s.subjectsEvaluated} resources/events in ${files}` +
    (verdict ? `; ${verdict}` : '');
  return c.bold(text);
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

/** Breaks lines longer than `width` after a `/`, so a long template path wraps instead of being cut. */
function wrapPaths(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const out: string[] = [];
      let rest = line;
      while (rest.length > width) {
        const cut = rest.lastIndexOf('/', width - 1);
        const at = cut > 0 ? cut + 1 : width;
        out.push(rest.slice(0, at));
        rest = rest.slice(at);
      }
      out.push(rest);
      return out;
    })
    .join('\n');
}

/** Splits words longer than `width` so cli-table3 wraps them instead of cutting them off with "…". */
export function breakLongWords(text: string, width: number): string {
  if (width < 2) return text;
  return text
    .split('\n')
    .map((line) =>
      line
        .split(' ')
        .map((word) => {
          if (word.length <= width) return word;
          const parts: string[] = [];
          for (let i = 0; i < word.length; i += width) parts.push(word.slice(i, i + width));
          return parts.join(' ');
        })
        .join(' '),
    )
    .join('\n');
}
