import { PILLAR_TITLES } from '../rulebook/model/pillar';
import { mdCell } from './escape';
import { type ReportModel, resolvedCount, type Section } from './model';

/** The same content as Markdown, for wikis and pull requests. */
export function renderMarkdown(model: ReportModel): string {
  const out: string[] = [];
  out.push(`# Well-Architected report ${model.week}`, '');
  out.push(
    `${model.period.start.slice(0, 10)} to ${model.period.end.slice(0, 10)} (exclusive), generated ${model.generatedAt}`,
    '',
  );
  if (model.firstReport)
    out.push('> This is the first report: trends and week-over-week changes start next week.', '');
  out.push('## Pillar scores', '');
  out.push(
    `Overall: **${model.overallScore ?? 'not evaluated'}** / 100. Open findings: **${model.findings.open}** (${model.findings.new} new, ${resolvedCount(model.findings)}, ${model.findings.stillOpen} still open).`,
    '',
  );
  out.push(
    '| Pillar | Score | Change | Open | Passed | Failed | Unknown |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const p of model.pillars) {
    const change = p.change === null ? 'n/a' : `${p.change >= 0 ? '+' : ''}${p.change}`;
    const trend = model.firstReport ? '' : ` ${sparkline(p.trend.map((t) => t.score))}`;
    out.push(
      `| ${p.title} | ${p.score ?? 'n/a'}${trend} | ${change} | ${p.openFindings} | ${p.passed} | ${p.failed} | ${p.unknown} |`,
    );
  }
  out.push('', '## Open findings by severity', '');
  out.push(
    Object.entries(model.findings.bySeverity)
      .map(([s, n]) => `${s}: ${n}`)
      .join(' · '),
    '',
  );
  out.push('## Top risks', '');
  if (model.topRisks.length === 0) out.push('No open findings.');
  else {
    out.push('| Severity | Risk | Resource | Account | Recommendation |', '| --- | --- | --- | --- | --- |');
    for (const r of model.topRisks) {
      out.push(
        `| ${r.severity} | **${mdCell(r.title)}**: ${mdCell(r.message)} | ${mdCell(r.resource)} | ${mdCell(r.accountName ?? r.accountId ?? '')} | ${mdCell(r.recommendation)} |`,
      );
    }
  }
  out.push('', '## Recommendations', '');
  out.push('| Pillar | Current Gap | Recommendation | Expected Impact |', '| --- | --- | --- | --- |');
  for (const r of model.recommendations) {
    out.push(
      `| ${PILLAR_TITLES[r.pillar]} | ${mdCell(r.currentGap)} | ${mdCell(r.recommendation)} | ${mdCell(r.expectedImpact)} |`,
    );
  }
  out.push(
    '',
    ...section(model.cost, 'Cost', (c) => {
      const lines = ['| Service | This week | Last week | Change |', '| --- | ---: | ---: | ---: |'];
      for (const s of c.byService.slice(0, 12))
        lines.push(
          `| ${mdCell(s.service)} | ${usd(s.thisWeekUsd)} | ${usd(s.lastWeekUsd)} | ${usd(s.changeUsd)} |`,
        );
      lines.push(
        '',
        `NAT gateway data processing: ${usd(c.natGateway.thisWeekUsd)} this week (about ${c.natGateway.gigabytesThisWeek} GB), ${usd(c.natGateway.lastWeekUsd)} last week; up to ${usd(c.natGateway.maxWeeklySavingsUsd)} a week avoidable with S3/DynamoDB gateway endpoints.`,
      );
      if (c.anomalies.length) {
        lines.push('', '### Cost anomalies', '');
        for (const a of c.anomalies)
          lines.push(
            `- ${usd(a.impactUsd)}${a.impactPercentage !== undefined ? ` (+${a.impactPercentage}%)` : ''}, ${a.period}: ${a.rootCause}`,
          );
      }
      if (c.anomaliesLeftOut?.length) {
        lines.push(
          '',
          `Left out (Cost Explorer's record could not be read): ${c.anomaliesLeftOut.map((a) => `${a.anomalyId}: ${a.reason}`).join('; ')}`,
        );
      }
      if (c.estimates.length) {
        lines.push(
          '',
          '### Costs before / after',
          '',
          '| Finding | Resource | Before /month | After /month | Basis |',
          '| --- | --- | ---: | ---: | --- |',
        );
        for (const e of c.estimates)
          lines.push(
            `| ${mdCell(e.title)} | ${mdCell(e.resource)} | ${usd(e.beforeUsdPerMonth)} | ${usd(e.afterUsdPerMonth)} | ${mdCell(e.basis)} |`,
          );
      }
      return lines;
    }),
  );
  out.push(
    '',
    ...section(model.accounts, 'Accounts and OUs', (rows) => [
      '| Account | OU | Open findings | Most open risk in |',
      '| --- | --- | ---: | --- |',
      ...rows.map(
        (a) =>
          `| ${mdCell(a.name ?? a.accountId)} (${a.accountId}) | ${mdCell(a.organizationalUnit ?? '')} | ${a.openFindings} | ${a.worstPillar ? PILLAR_TITLES[a.worstPillar] : '-'} |`,
      ),
    ]),
  );
  out.push(
    '',
    ...section(model.expiringSuppressions, 'Suppressions expiring in the next 14 days', (list) =>
      list.length === 0
        ? ['None.']
        : list.map(
            (s) =>
              `- ${s.ruleId} on ${mdCell(s.resource)}: ${s.daysLeft} day(s) left, ${mdCell(s.reason)} (${mdCell(s.owner)})`,
          ),
    ),
  );
  out.push(
    '',
    ...section(model.remediations, 'Remediation decisions this week', (rows) =>
      rows.length === 0
        ? ['No decisions this week.']
        : rows.map(
            (r) =>
              `- ${r.decision}: ${r.remediationId ?? ''} on finding \`${r.findingId}\`${
                r.coveredFindingIds?.length
                  ? ` (also ${r.coveredFindingIds.map((id) => `\`${id}\``).join(', ')})`
                  : ''
              } by ${mdCell(r.by)} at ${r.at}`,
          ),
    ),
  );
  return `${out.join('\n')}\n`;
}

function section<T>(s: Section<T>, title: string, body: (data: T) => string[]): string[] {
  return [
    `## ${title}`,
    '',
    ...(s.status === 'ok' ? body(s.data) : [`> Not available this week: ${s.reason}`]),
  ];
}

const BARS = '▁▂▃▄▅▆▇█';
function sparkline(values: Array<number | null>): string {
  return values.map((v) => (v === null ? ' ' : BARS[Math.min(7, Math.floor((v / 100) * 8))])).join('');
}

function usd(n: number): string {
  return `${n < 0 ? '-' : ''}$${Math.abs(n).toFixed(2)}`;
}
