import type { Finding } from '../../rulebook/model/finding';
import { PILLAR_TITLES, PILLARS } from '../../rulebook/model/pillar';
import { atLeast } from '../../rulebook/model/severity';
import { formatProblem } from '../errors';
import type { Report } from '../report';
import {
  assumedDefaultsList,
  conditionNote,
  defaultsNote,
  messageWithDefaults,
  resourceLabel,
  transformNote,
  unknownCountNote,
} from './index';

/**
 * The seed's review output (seed 000, "Step 5: Proposal / Optimization": a recommendations table
 * with Pillar, Current Gap, Recommendation, Expected Impact; "Step 6: Validation": risks), one row
 * per failing rule so a long scan stays readable.
 */
export function renderMarkdown(report: Report): string {
  const s = report.summary;
  const out: string[] = ['# Well-Architected review', ''];
  out.push(
    `Scanned ${s.filesScanned.length} file(s), ${s.subjectsEvaluated} resources/events: ` +
      `${s.findings} finding(s), ${s.checks.passed} passed and ${s.checks.unknown} unknown checks.`,
    '',
  );
  out.push('## Recommendations', '');
  const groups = groupByRule(report.findings);
  if (groups.length === 0) {
    out.push('No gaps found by the automated checks.', '');
  } else {
    out.push('| Pillar | Current Gap | Recommendation | Expected Impact |', '| --- | --- | --- | --- |');
    for (const group of groups) {
      const first = group[0]!;
      const shown = group.slice(0, 3).map((f) => {
        const condition = conditionNote(f);
        return `\`${f.resource.id}\`${condition ? ` (${condition})` : ''}`;
      });
      const more = group.length > 3 ? ` and ${group.length - 3} more` : '';
      const gap = `**${first.title}** (${first.severity}): ${group.length} resource(s) fail, ${shown.join(', ')}${more}. ${messageWithDefaults(first)}`;
      out.push(
        `| ${cell(PILLAR_TITLES[first.pillar])} | ${cell(gap)} | ${cell(first.recommendation)} | ${cell(first.expectedImpact)} |`,
      );
    }
    out.push('');
  }
  out.push('## Risks', '');
  const risks = report.findings.filter((f) => atLeast(f.severity, 'high'));
  if (risks.length === 0) out.push('No critical or high severity finding.');
  for (const f of risks) {
    out.push(`- **${f.severity}** ${f.title}: ${resourceLabel(f)}. ${messageWithDefaults(f)}`);
  }
  out.push(
    '',
    '## Pillar scores',
    '',
    '| Pillar | Score | Failed | Passed | Unknown |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const pillar of PILLARS) {
    const p = s.pillarScores.find((x) => x.pillar === pillar)!;
    out.push(
      `| ${PILLAR_TITLES[pillar]} | ${p.score === null ? 'n/a' : p.score} | ${p.failed} | ${p.passed} | ${p.unknown} |`,
    );
  }
  if (report.suppressed.length > 0) {
    out.push(
      '',
      '## Suppressed in the template',
      '',
      'Accepted with a reason; not counted for `--fail-on`:',
      '',
    );
    for (const f of report.suppressed) {
      out.push(`- **${f.severity}** \`${f.ruleId}\` on ${resourceLabel(f)}: ${f.suppression.reason}`);
    }
  }
  if (s.unknown.length > 0) {
    out.push('', '## Not decidable offline', '', `Check these by hand; ${unknownCountNote(s)}:`, '');
    for (const u of s.unknown) {
      const suppressed = u.suppression ? ` (suppressed in the template: ${u.suppression.reason})` : '';
      out.push(
        `- **${u.severity}** \`${u.ruleId}\` on ${u.resource.type} \`${u.resource.id}\`: ${messageWithDefaults(u)}${suppressed}`,
      );
    }
  }
  if (s.skippedByCondition.length > 0) {
    out.push('', '## Not created with these parameters', '', 'Condition false, so not checked:', '');
    for (const r of s.skippedByCondition) {
      const note = defaultsNote(r.defaults);
      out.push(`- \`${r.id}\` (${r.type}, condition \`${r.condition}\`${note ? `; ${note}` : ''})`);
    }
  }
  if (s.parameterDefaults.length > 0) {
    out.push(
      '',
      '## Parameter defaults used',
      '',
      'No `--parameter` set these, so the templates were checked with their defaults; a deploy can set others:',
      '',
    );
    for (const line of assumedDefaultsList(s.parameterDefaults)) out.push(`- ${line}`);
  }
  if (s.unsupportedTypes.length > 0 || s.transformed.length > 0) {
    out.push('', '## Not checked', '');
    for (const t of s.transformed) out.push(transformNote(t), '');
  }
  if (s.unsupportedTypes.length > 0) {
    out.push('No rule book model yet for:', '');
    for (const u of s.unsupportedTypes) out.push(`- ${u.type} (${u.count})`);
  }
  if (s.skippedFiles.length > 0) {
    out.push(
      '',
      '## Skipped files',
      '',
      'Files of the folders given that are not CloudFormation templates:',
      '',
    );
    for (const f of s.skippedFiles) out.push(`- \`${f}\``);
  }
  if (s.errors.length > 0) {
    out.push('', '## Input errors', '');
    for (const e of s.errors) out.push(`- ${formatProblem(e)}`);
  }
  return `${out.join('\n')}\n`;
}

function groupByRule(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.ruleId);
    if (list) list.push(f);
    else groups.set(f.ruleId, [f]);
  }
  return [...groups.values()];
}

/** A table cell: pipes escaped, line breaks flattened. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
