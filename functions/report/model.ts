import type { AuditRecord } from '../ports/audit-log';
import type { StoredFinding } from '../ports/findings-store';
import type { AccountInfo } from '../ports/inventory-source';
import type { WeeklySnapshot } from '../ports/score-history';
import type { CostAnomaly } from '../rulebook/model/cost-anomaly';
import type { Pillar } from '../rulebook/model/pillar';
import type { Severity } from '../rulebook/model/severity';
import type { PillarScore } from '../rulebook/scoring';
import type { Suppression } from '../rulebook/suppressions';
import type { IsoWeek } from './iso-week';

/** A report section whose data may be missing (no permission, API down): the report says so and goes on. */
export type Section<T> = { status: 'ok'; data: T } | { status: 'unavailable'; reason: string };

export interface CostLine {
  /** Cost Explorer SERVICE or USAGE_TYPE value. */
  key: string;
  amountUsd: number;
}

export interface CostData {
  thisWeekByService: CostLine[];
  lastWeekByService: CostLine[];
  /** USAGE_TYPE lines ending in `NatGateway-Bytes` (data processed by NAT gateways). */
  natBytesThisWeek: CostLine[];
  natBytesLastWeek: CostLine[];
  anomalies: CostAnomaly[];
  /** Anomalies Cost Explorer returned that could not be read (e.g. no TotalImpact), with why. */
  anomaliesLeftOut?: Array<{ anomalyId: string; reason: string }>;
}

/** Everything the Gather step collected; Build turns it into a ReportModel without I/O. */
export interface ReportInput {
  week: IsoWeek;
  generatedAt: Date;
  /** Findings open at the week's end (the current week: open now), as they stood then. */
  openFindings: readonly StoredFinding[];
  /** Findings resolved during the week and not open at its end, as they stood then. */
  resolvedThisWeek: readonly StoredFinding[];
  /** This week's pillar scores (compliant over evaluated checks, severity-weighted). */
  currentScores: readonly PillarScore[];
  /** Earlier weekly snapshots, newest first (up to 11 used for the 12-week trend). */
  history: readonly WeeklySnapshot[];
  cost: Section<CostData>;
  accounts: Section<AccountInfo[]>;
  suppressions: Section<Suppression[]>;
  audit: Section<AuditRecord[]>;
}

export const REPORT_SCHEMA_VERSION = '1.0';

export interface PillarSummary {
  pillar: Pillar;
  title: string;
  score: number | null;
  previousScore: number | null;
  /** Points since last week; null when either week has no score. */
  change: number | null;
  /** Oldest first, ending with this week; `score` null where a week had no data. */
  trend: Array<{ week: string; score: number | null }>;
  passed: number;
  failed: number;
  unknown: number;
  openFindings: number;
}

export interface RiskItem {
  findingId: string;
  ruleId: string;
  title: string;
  severity: Severity;
  pillar: Pillar;
  resource: string;
  accountId?: string;
  accountName?: string;
  region?: string;
  message: string;
  recommendation: string;
  firstSeenAt: string;
}

export interface RecommendationRow {
  pillar: Pillar;
  ruleId: string;
  currentGap: string;
  recommendation: string;
  expectedImpact: string;
  severity: Severity;
  /** How many open findings share this gap. */
  occurrences: number;
}

export interface CostSection {
  byService: Array<{ service: string; thisWeekUsd: number; lastWeekUsd: number; changeUsd: number }>;
  totalThisWeekUsd: number;
  totalLastWeekUsd: number;
  natGateway: {
    thisWeekUsd: number;
    lastWeekUsd: number;
    /** NAT data processing is $0.045/GB; S3/DynamoDB gateway endpoints are free. An upper bound. */
    gigabytesThisWeek: number;
    maxWeeklySavingsUsd: number;
  };
  anomalies: Array<{
    anomalyId: string;
    impactUsd: number;
    impactPercentage?: number;
    rootCause: string;
    period: string;
    link?: string;
  }>;
  /** Anomalies left out because Cost Explorer's record could not be read, with why. */
  anomaliesLeftOut?: Array<{ anomalyId: string; reason: string }>;
  /** Before/after monthly estimates for open cost findings, where the evidence allows one. */
  estimates: Array<{
    findingId: string;
    title: string;
    resource: string;
    beforeUsdPerMonth: number;
    afterUsdPerMonth: number;
    basis: string;
  }>;
}

export interface AccountRow {
  accountId: string;
  name?: string;
  organizationalUnit?: string;
  openFindings: number;
  /** The pillar with the most severity-weighted open findings in the account. */
  worstPillar?: Pillar;
}

export interface DecisionRow {
  findingId: string;
  /** The other findings of the resource the decided fix covered (one approval for them all). */
  coveredFindingIds?: string[];
  remediationId?: string;
  decision: 'approved' | 'rejected' | 'expired';
  by: string;
  at: string;
}

export interface ReportModel {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  week: string;
  period: { start: string; end: string };
  generatedAt: string;
  /** No earlier snapshot exists: trends and week-over-week changes are not shown. */
  firstReport: boolean;
  overallScore: number | null;
  pillars: PillarSummary[];
  findings: {
    open: number;
    new: number;
    resolved: number;
    /** Of `resolved`: findings resolved because AWS Config recorded their resource as deleted (not fixed). */
    resolvedResourceDeleted: number;
    stillOpen: number;
    bySeverity: Record<Severity, number>;
    byPillar: Record<Pillar, Record<Severity, number>>;
  };
  topRisks: RiskItem[];
  recommendations: RecommendationRow[];
  cost: Section<CostSection>;
  accounts: Section<AccountRow[]>;
  expiringSuppressions: Section<Array<Suppression & { daysLeft: number }>>;
  remediations: Section<DecisionRow[]>;
}

/** "3 resolved", or "3 resolved (1 of them: resource deleted)": a deletion is not a fix. */
export function resolvedCount(
  findings: Pick<ReportModel['findings'], 'resolved' | 'resolvedResourceDeleted'>,
): string {
  const deleted = findings.resolvedResourceDeleted;
  if (!deleted) return `${findings.resolved} resolved`;
  return `${findings.resolved} resolved (${deleted === findings.resolved ? 'all' : `${deleted} of them`}: resource deleted)`;
}
