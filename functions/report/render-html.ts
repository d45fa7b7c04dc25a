import { PILLAR_TITLES, PILLARS } from '../rulebook/model/pillar';
import { SEVERITIES } from '../rulebook/model/severity';
import { esc } from './escape';
import { type ReportModel, resolvedCount, type Section } from './model';
import { SEVERITY_COLORS, scoreRing, scoreTrendChart, stackedBarChart } from './svg-charts';

/**
 * The report as one self-contained HTML page: inline CSS and SVG, no script, no external request.
 * Readable on a laptop and at 390 px (cards stack, tables scroll sideways), printable.
 */
export function renderHtml(model: ReportModel): string {
  const sections = [
    headline(model),
    trends(model),
    findingsOverview(model),
    topRisks(model),
    recommendations(model),
    cost(model),
    accounts(model),
    suppressions(model),
    remediations(model),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Well-Architected report ${esc(model.week)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>Well-Architected report <span class="week">${esc(model.week)}</span></h1>
<p class="muted">${esc(model.period.start.slice(0, 10))} to ${esc(new Date(new Date(model.period.end).getTime() - 1).toISOString().slice(0, 10))} &middot; generated ${esc(model.generatedAt.replace('T', ' ').slice(0, 16))} UTC</p>
${model.firstReport ? '<p class="note">This is the first report: there is no earlier week to compare with, so trends and changes start next week.</p>' : ''}
</header>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

function headline(model: ReportModel): string {
  const cards = model.pillars
    .map((p) => {
      const change =
        p.change === null
          ? '<span class="muted">no change data</span>'
          : `<span class="${p.change >= 0 ? 'up' : 'down'}">${p.change >= 0 ? '&#9650;' : '&#9660;'} ${Math.abs(p.change)} pts</span>`;
      return `<div class="card pillar" data-pillar="${esc(p.pillar)}">${scoreRing(p.score)}<div><h3>${esc(p.title)}</h3>
<p class="score">${p.score === null ? 'not evaluated' : `${p.score} / 100`}</p><p>${change}</p>
<p class="muted">${p.openFindings} open &middot; ${p.passed} passed &middot; ${p.failed} failed${p.unknown ? ` &middot; ${p.unknown} unknown` : ''}</p></div></div>`;
    })
    .join('');
  const f = model.findings;
  return `<section id="scores"><h2>Pillar scores</h2>
<p class="lead">Overall ${model.overallScore === null ? 'not evaluated' : `<strong>${model.overallScore}</strong> / 100`} &middot; <strong>${f.open}</strong> open findings (${f.new} new, ${esc(resolvedCount(f))}, ${f.stillOpen} still open)</p>
<div class="grid">${cards}</div></section>`;
}

function trends(model: ReportModel): string {
  if (model.firstReport) {
    return '<section id="trends"><h2>12-week trends</h2><p class="note">Trends appear once a second weekly report exists.</p></section>';
  }
  const charts = model.pillars
    .map(
      (p) =>
        `<figure class="card"><figcaption>${esc(p.title)}</figcaption>${scoreTrendChart(
          p.trend.map((t) => ({ label: t.week, value: t.score })),
          `${p.title} score over the last ${p.trend.length} weeks`,
        )}</figure>`,
    )
    .join('');
  return `<section id="trends"><h2>12-week trends</h2><div class="grid">${charts}</div></section>`;
}

function findingsOverview(model: ReportModel): string {
  const rows = PILLARS.map((p) => ({
    label: PILLAR_TITLES[p],
    parts: SEVERITIES.map((s) => ({ key: s, value: model.findings.byPillar[p][s] })),
  }));
  const legend = SEVERITIES.map(
    (s) =>
      `<span class="chip"><i style="background:${SEVERITY_COLORS[s]}"></i>${s} ${model.findings.bySeverity[s]}</span>`,
  ).join(' ');
  return `<section id="findings"><h2>Open findings by severity and pillar</h2><p>${legend}</p>
${stackedBarChart(rows, 'Open findings per pillar by severity')}
<table class="counts"><thead><tr><th>New this week</th><th>Resolved this week</th><th>Still open</th></tr></thead>
<tbody><tr><td>${model.findings.new}</td><td>${model.findings.resolved}</td><td>${model.findings.stillOpen}</td></tr></tbody></table></section>`;
}

function topRisks(model: ReportModel): string {
  if (model.topRisks.length === 0)
    return '<section id="risks"><h2>Top risks</h2><p>No open findings.</p></section>';
  const rows = model.topRisks
    .map(
      (
        r,
      ) => `<tr><td>${sev(r.severity)}</td><td><strong>${esc(r.title)}</strong><br><span class="muted">${esc(r.message)}</span></td>
<td>${esc(r.resource)}</td><td>${esc(r.accountName ?? r.accountId ?? '')}${r.region ? `<br><span class="muted">${esc(r.region)}</span>` : ''}</td><td>${esc(r.recommendation)}</td></tr>`,
    )
    .join('');
  return `<section id="risks"><h2>Top ${model.topRisks.length} risks</h2><div class="scroll"><table><thead><tr><th>Severity</th><th>Risk</th><th>Resource</th><th>Account</th><th>Recommendation</th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
}

function recommendations(model: ReportModel): string {
  if (model.recommendations.length === 0) return '';
  const rows = model.recommendations
    .map(
      (r) =>
        `<tr><td>${esc(PILLAR_TITLES[r.pillar])}</td><td>${sev(r.severity)} ${esc(r.currentGap)}</td><td>${esc(r.recommendation)}</td><td>${esc(r.expectedImpact)}</td></tr>`,
    )
    .join('');
  return `<section id="recommendations"><h2>Recommendations</h2><div class="scroll"><table><thead><tr><th>Pillar</th><th>Current Gap</th><th>Recommendation</th><th>Expected Impact</th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
}

function cost(model: ReportModel): string {
  return sectionOr(model.cost, 'cost', 'Cost', (c) => {
    const services = c.byService
      .slice(0, 12)
      .map(
        (s) =>
          `<tr><td>${esc(s.service)}</td><td class="num">${usd(s.thisWeekUsd)}</td><td class="num">${usd(s.lastWeekUsd)}</td><td class="num ${s.changeUsd > 0 ? 'down' : 'up'}">${s.changeUsd > 0 ? '+' : ''}${usd(s.changeUsd)}</td></tr>`,
      )
      .join('');
    const anomalies = c.anomalies.length
      ? `<h3>Cost anomalies this week</h3><ul>${c.anomalies
          .map(
            (a) =>
              `<li><strong>${usd(a.impactUsd)}</strong>${a.impactPercentage !== undefined ? ` (+${a.impactPercentage}%)` : ''} &middot; ${esc(a.period)} &middot; root cause: ${esc(a.rootCause)}</li>`,
          )
          .join('')}</ul>`
      : c.anomaliesLeftOut?.length
        ? ''
        : '<p>No cost anomalies this week.</p>';
    const leftOut = c.anomaliesLeftOut?.length
      ? `<p>Left out (Cost Explorer's record could not be read): ${c.anomaliesLeftOut.map((a) => `${esc(a.anomalyId)}: ${esc(a.reason)}`).join('; ')}</p>`
      : '';
    const estimates = c.estimates.length
      ? `<h3>Costs before / after fixing open cost findings</h3><div class="scroll"><table><thead><tr><th>Finding</th><th>Resource</th><th>Before /month</th><th>After /month</th><th>Basis</th></tr></thead><tbody>${c.estimates
          .map(
            (e) =>
              `<tr><td>${esc(e.title)}</td><td>${esc(e.resource)}</td><td class="num">${usd(e.beforeUsdPerMonth)}</td><td class="num">${usd(e.afterUsdPerMonth)}</td><td>${esc(e.basis)}</td></tr>`,
          )
          .join('')}</tbody></table></div>`
      : '';
    return `<p>This week ${usd(c.totalThisWeekUsd)} &middot; last week ${usd(c.totalLastWeekUsd)}</p>
<div class="scroll"><table><thead><tr><th>Service</th><th>This week</th><th>Last week</th><th>Change</th></tr></thead><tbody>${services}</tbody></table></div>
<h3>NAT gateway data processing</h3>
<p>${usd(c.natGateway.thisWeekUsd)} this week (about ${c.natGateway.gigabytesThisWeek.toLocaleString('en-US')} GB at $0.045/GB), ${usd(c.natGateway.lastWeekUsd)} last week. Traffic to S3 and DynamoDB through S3/DynamoDB gateway endpoints is free: up to ${usd(c.natGateway.maxWeeklySavingsUsd)} a week is avoidable, depending on how much of it goes to those services.</p>
${anomalies}${leftOut}${estimates}`;
  });
}

function accounts(model: ReportModel): string {
  return sectionOr(model.accounts, 'accounts', 'Accounts and OUs', (rows) =>
    rows.length === 0
      ? '<p>No accounts.</p>'
      : `<div class="scroll"><table><thead><tr><th>Account</th><th>OU</th><th>Open findings</th><th>Most open risk in</th></tr></thead><tbody>${rows
          .map(
            (a) =>
              `<tr><td>${esc(a.name ?? a.accountId)}<br><span class="muted">${esc(a.accountId)}</span></td><td>${esc(a.organizationalUnit ?? '')}</td><td class="num">${a.openFindings}</td><td>${a.worstPillar ? esc(PILLAR_TITLES[a.worstPillar]) : '&#8212;'}</td></tr>`,
          )
          .join('')}</tbody></table></div>`,
  );
}

function suppressions(model: ReportModel): string {
  return sectionOr(
    model.expiringSuppressions,
    'suppressions',
    'Suppressions expiring in the next 14 days',
    (list) =>
      list.length === 0
        ? '<p>None.</p>'
        : `<ul>${list
            .map(
              (s) =>
                `<li><strong>${esc(s.ruleId)}</strong> on ${esc(s.resource)} &middot; ${s.daysLeft} day(s) left &middot; ${esc(s.reason)} (${esc(s.owner)})</li>`,
            )
            .join('')}</ul>`,
  );
}

function remediations(model: ReportModel): string {
  return sectionOr(model.remediations, 'remediations', 'Remediation decisions this week', (rows) => {
    if (rows.length === 0) return '<p>No decisions this week.</p>';
    const count = (d: string) => rows.filter((r) => r.decision === d).length;
    return `<p>${count('approved')} approved &middot; ${count('rejected')} rejected &middot; ${count('expired')} expired</p><div class="scroll"><table><thead><tr><th>Decision</th><th>Remediation</th><th>Finding</th><th>By</th><th>When</th></tr></thead><tbody>${rows
      .map(
        (r) =>
          `<tr><td>${esc(r.decision)}</td><td>${esc(r.remediationId ?? '')}</td><td><code>${esc(r.findingId)}</code>${(r.coveredFindingIds ?? []).map((id) => ` <code>${esc(id)}</code>`).join('')}</td><td>${esc(r.by)}</td><td>${esc(r.at.replace('T', ' ').slice(0, 16))}</td></tr>`,
      )
      .join('')}</tbody></table></div>`;
  });
}

function sectionOr<T>(section: Section<T>, id: string, title: string, body: (data: T) => string): string {
  const content =
    section.status === 'ok'
      ? body(section.data)
      : `<p class="note">This section is not available this week: ${esc(section.reason)}</p>`;
  return `<section id="${id}"><h2>${esc(title)}</h2>${content}</section>`;
}

function sev(severity: string): string {
  return `<span class="sev" style="background:${SEVERITY_COLORS[severity] ?? '#868e96'}">${esc(severity)}</span>`;
}

function usd(n: number): string {
  return `${n < 0 ? '-' : ''}$${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#212529;background:#f8f9fa}
header,main{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:1.6rem;margin:.2em 0}h2{font-size:1.25rem;margin:1.6em 0 .6em;border-bottom:2px solid #dee2e6;padding-bottom:.2em}h3{font-size:1rem;margin:.2em 0}
.week{color:#1c7ed6}.muted{color:#6c757d;font-size:.88em}.lead{font-size:1.05rem}
.note{background:#fff9db;border-left:4px solid #fab005;padding:8px 12px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
.card{background:#fff;border:1px solid #dee2e6;border-radius:8px;padding:12px;margin:0}
.pillar{display:flex;gap:12px;align-items:center}.pillar p{margin:0}.score{font-weight:600}
figcaption{font-weight:600;margin-bottom:4px}
.up{color:#2b8a3e}.down{color:#c92a2a}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #dee2e6;padding:6px 8px;text-align:left;vertical-align:top}th{background:#f1f3f5}
td.num{text-align:right;white-space:nowrap}
.sev{display:inline-block;color:#fff;border-radius:4px;padding:0 6px;font-size:.8em;text-transform:uppercase;font-weight:600}
.chip{display:inline-flex;align-items:center;gap:4px;margin-right:10px}.chip i{width:10px;height:10px;border-radius:2px;display:inline-block}
code{font-size:.85em}
@media (max-width:480px){body{font-size:14px}header,main{padding:10px}.grid{grid-template-columns:1fr}th,td{padding:4px 6px}}
@media print{body{background:#fff}.card{break-inside:avoid}section{break-inside:avoid-page}.scroll{overflow:visible}}
`;
