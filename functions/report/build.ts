import type { StoredFinding } from '../ports/findings-store';
import { PILLAR_TITLES, PILLARS, type Pillar } from '../rulebook/model/pillar';
import { isResourceDeleted } from '../rulebook/model/resolution';
import { SEVERITIES, SEVERITY_RANK, SEVERITY_WEIGHT, type Severity } from '../rulebook/model/severity';
import { estimateMonthlySavings } from './cost-estimates';
import { formatIsoWeek, previousWeek, weekEnd, weekStart } from './iso-week';
import {
  type AccountRow,
  type CostSection,
  type DecisionRow,
  type PillarSummary,
  REPORT_SCHEMA_VERSION,
  type RecommendationRow,
  type ReportInput,
  type ReportModel,
  type RiskItem,
  type Section,
} from './model';

const TREND_WEEKS = 12;
const TOP_RISKS = 10;
const SUPPRESSION_HORIZON_DAYS = 14;
/** Published NAT gateway data processing price (us-east-1), seed 004 "$0.045 per GB". */
export const NAT_DATA_PROCESSING_USD_PER_GB = 0.045;
const DAY_MS = 86_400_000;

/** Gathered data to the report model: pure, so it is tested with fixtures and runs anywhere. */
export function buildReport(input: ReportInput): ReportModel {
  const start = weekStart(input.week);
  const end = weekEnd(input.week);
  const inWeek = (iso: string | undefined) =>
    iso !== undefined && iso >= start.toISOString() && iso < end.toISOString();
  const open = input.openFindings;
  const opened = open.filter((f) => inWeek(f.firstSeenAt));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    week: formatIsoWeek(input.week),
    period: { start: start.toISOString(), end: end.toISOString() },
    generatedAt: input.generatedAt.toISOString(),
    firstReport: input.history.length === 0,
    overallScore: overall(input.currentScores.map((s) => s.score)),
    pillars: pillarSummaries(input, open),
    findings: {
      open: open.length,
      new: opened.length,
      resolved: input.resolvedThisWeek.length,
      resolvedResourceDeleted: input.resolvedThisWeek.filter((f) => isResourceDeleted(f.resolvedReason))
        .length,
      stillOpen: open.length - opened.length,
      bySeverity: countBySeverity(open),
      byPillar: Object.fromEntries(
        PILLARS.map((p) => [p, countBySeverity(open.filter((f) => f.pillar === p))]),
      ) as Record<Pillar, Record<Severity, number>>,
    },
    topRisks: topRisks(open, input),
    recommendations: recommendations(open),
    cost: mapSection(input.cost, (data) => costSection(data, open)),
    accounts: mapSection(input.accounts, (accounts) => accountRows(accounts, open)),
    expiringSuppressions: mapSection(input.suppressions, (list) =>
      list
        .map((s) => ({
          ...s,
          daysLeft: Math.ceil((new Date(s.expires).getTime() - input.generatedAt.getTime()) / DAY_MS),
        }))
        .filter((s) => s.daysLeft >= 0 && s.daysLeft <= SUPPRESSION_HORIZON_DAYS)
        .sort((a, b) => a.daysLeft - b.daysLeft),
    ),
    remediations: mapSection(input.audit, (records) =>
      records
        .filter(
          (r): r is typeof r & { action: DecisionRow['decision'] } =>
            r.action === 'approved' || r.action === 'rejected' || r.action === 'expired',
        )
        .filter((r) => inWeek(r.at))
        .map((r) => ({
          findingId: r.findingId,
          ...(r.coveredFindingIds?.length ? { coveredFindingIds: r.coveredFindingIds } : {}),
          ...(r.remediationId ? { remediationId: r.remediationId } : {}),
          decision: r.action,
          by: r.actor,
          at: r.at,
        })),
    ),
  };
}

function pillarSummaries(input: ReportInput, open: readonly StoredFinding[]): PillarSummary[] {
  const history = input.history.slice(0, TREND_WEEKS - 1);
  const previous = input.history[0];
  const expectedPrevious = formatIsoWeek(previousWeek(input.week));
  return PILLARS.map((pillar) => {
    const current = input.currentScores.find((s) => s.pillar === pillar);
    const score = current?.score ?? null;
    const previousScore =
      previous && previous.week === expectedPrevious
        ? (previous.scores.find((s) => s.pillar === pillar)?.score ?? null)
        : null;
    const trend = [...history].reverse().map((snapshot) => ({
      week: snapshot.week,
      score: snapshot.scores.find((s) => s.pillar === pillar)?.score ?? null,
    }));
    trend.push({ week: formatIsoWeek(input.week), score });
    return {
      pillar,
      title: PILLAR_TITLES[pillar],
      score,
      previousScore,
      change: score !== null && previousScore !== null ? Math.round((score - previousScore) * 10) / 10 : null,
      trend,
      passed: current?.passed ?? 0,
      failed: current?.failed ?? 0,
      unknown: current?.unknown ?? 0,
      openFindings: open.filter((f) => f.pillar === pillar).length,
    };
  });
}

function overall(scores: Array<number | null>): number | null {
  const known = scores.filter((s): s is number => s !== null);
  return known.length === 0 ? null : Math.round((10 * known.reduce((a, b) => a + b, 0)) / known.length) / 10;
}

function countBySeverity(findings: readonly StoredFinding[]): Record<Severity, number> {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) out[f.severity]++;
  return out;
}

function topRisks(open: readonly StoredFinding[], input: ReportInput): RiskItem[] {
  const names = new Map(
    input.accounts.status === 'ok' ? input.accounts.data.map((a) => [a.accountId, a.name]) : [],
  );
  return [...open]
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        a.firstSeenAt.localeCompare(b.firstSeenAt) ||
        a.id.localeCompare(b.id),
    )
    .slice(0, TOP_RISKS)
    .map((f) => {
      const accountName = f.resource.accountId ? names.get(f.resource.accountId) : undefined;
      return {
        findingId: f.id,
        ruleId: f.ruleId,
        title: f.title,
        severity: f.severity,
        pillar: f.pillar,
        resource: resourceLabel(f),
        ...(f.resource.accountId ? { accountId: f.resource.accountId } : {}),
        ...(accountName ? { accountName } : {}),
        ...(f.resource.region ? { region: f.resource.region } : {}),
        message: f.message,
        recommendation: f.recommendation,
        firstSeenAt: f.firstSeenAt,
      };
    });
}

export function resourceLabel(f: Pick<StoredFinding, 'resource'>): string {
  return `${f.resource.type} ${f.resource.name ?? f.resource.id}`;
}

/** The seed's recommendations table: one row per rule with open findings, most severe first. */
function recommendations(open: readonly StoredFinding[]): RecommendationRow[] {
  const byRule = new Map<string, { finding: StoredFinding; count: number }>();
  for (const f of open) {
    const entry = byRule.get(f.ruleId);
    if (entry) {
      entry.count++;
      if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[entry.finding.severity]) entry.finding = f;
    } else byRule.set(f.ruleId, { finding: f, count: 1 });
  }
  return [...byRule.values()]
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity] ||
        b.count - a.count ||
        a.finding.ruleId.localeCompare(b.finding.ruleId),
    )
    .map(({ finding, count }) => ({
      pillar: finding.pillar,
      ruleId: finding.ruleId,
      currentGap: count === 1 ? finding.message : `${finding.title} (${count} resources)`,
      recommendation: finding.recommendation,
      expectedImpact: finding.expectedImpact,
      severity: finding.severity,
      occurrences: count,
    }));
}

function costSection(data: import('./model').CostData, open: readonly StoredFinding[]): CostSection {
  const services = new Set([...data.thisWeekByService, ...data.lastWeekByService].map((l) => l.key));
  const amount = (lines: import('./model').CostLine[], key: string) =>
    lines.filter((l) => l.key === key).reduce((sum, l) => sum + l.amountUsd, 0);
  const byService = [...services]
    .map((service) => {
      const thisWeekUsd = round2(amount(data.thisWeekByService, service));
      const lastWeekUsd = round2(amount(data.lastWeekByService, service));
      return { service, thisWeekUsd, lastWeekUsd, changeUsd: round2(thisWeekUsd - lastWeekUsd) };
    })
    .sort((a, b) => b.thisWeekUsd - a.thisWeekUsd || a.service.localeCompare(b.service));
  const sum = (lines: import('./model').CostLine[]) => round2(lines.reduce((s, l) => s + l.amountUsd, 0));
  const natThisWeek = sum(data.natBytesThisWeek);
  return {
    byService,
    totalThisWeekUsd: sum(data.thisWeekByService),
    totalLastWeekUsd: sum(data.lastWeekByService),
    natGateway: {
      thisWeekUsd: natThisWeek,
      lastWeekUsd: sum(data.natBytesLastWeek),
      gigabytesThisWeek: Math.round(natThisWeek / NAT_DATA_PROCESSING_USD_PER_GB),
      maxWeeklySavingsUsd: natThisWeek,
    },
    anomalies: data.anomalies.map((a) => ({
      anomalyId: a.anomalyId,
      impactUsd: round2(a.totalImpact),
      ...(a.totalImpactPercentage !== undefined ? { impactPercentage: round2(a.totalImpactPercentage) } : {}),
      rootCause:
        a.rootCauses
          .map((c) =>
            [c.service, c.usageType, c.region, c.linkedAccountName ?? c.linkedAccount]
              .filter(Boolean)
              .join(' / '),
          )
          .join('; ') ||
        (a.dimensionValue ?? 'not reported'),
      period: `${a.startDate?.slice(0, 10) ?? '?'} to ${a.endDate?.slice(0, 10) ?? '?'}`,
      ...(a.detailsLink ? { link: a.detailsLink } : {}),
    })),
    ...(data.anomaliesLeftOut?.length ? { anomaliesLeftOut: data.anomaliesLeftOut } : {}),
    estimates: open
      .filter((f) => f.pillar === 'cost-optimization')
      .flatMap((f) => {
        const estimate = estimateMonthlySavings(f);
        return estimate ? [{ findingId: f.id, title: f.title, resource: resourceLabel(f), ...estimate }] : [];
      }),
  };
}

function accountRows(
  accounts: import('../ports/inventory-source').AccountInfo[],
  open: readonly StoredFinding[],
): AccountRow[] {
  return accounts
    .map((account) => {
      const mine = open.filter((f) => f.resource.accountId === account.accountId);
      const weight = new Map<Pillar, number>();
      for (const f of mine) weight.set(f.pillar, (weight.get(f.pillar) ?? 0) + SEVERITY_WEIGHT[f.severity]);
      const worst = [...weight.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
      return {
        accountId: account.accountId,
        ...(account.name ? { name: account.name } : {}),
        ...(account.organizationalUnit ? { organizationalUnit: account.organizationalUnit } : {}),
        openFindings: mine.length,
        ...(worst ? { worstPillar: worst } : {}),
      };
    })
    .sort((a, b) => b.openFindings - a.openFindings || a.accountId.localeCompare(b.accountId));
}

function mapSection<T, U>(section: Section<T>, fn: (data: T) => U): Section<U> {
  return section.status === 'ok' ? { status: 'ok', data: fn(section.data) } : section;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
