import { EventFormatError } from '../../errors';
import type { CostAnomaly, CostRootCause } from '../../model/cost-anomaly';

/**
 * Cost Anomaly Detection alert to a CostAnomaly. Accepts the EventBridge `detail` (field
 * `dimensionValue`) and the SNS message body (field `dimensionalValue`); both documented in the AWS
 * Cost Management user guide ("Using EventBridge with Cost Anomaly Detection", "Getting started").
 */
export function costAnomalyFrom(
  detail: unknown,
  envelope: { account?: string; region?: string } = {},
): CostAnomaly {
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    throw new EventFormatError('cost anomaly detail is not an object');
  }
  const d = detail as Record<string, unknown>;
  const anomalyId = str(d.anomalyId);
  if (!anomalyId) throw new EventFormatError('cost anomaly has no anomalyId');
  const impact = rec(d.impact);
  const totalImpact = num(impact.totalImpact);
  if (totalImpact === undefined)
    throw new EventFormatError(`cost anomaly ${anomalyId} has no impact.totalImpact`);
  const score = rec(d.anomalyScore);
  const accountId = str(d.accountId) ?? envelope.account;
  if (!accountId) throw new EventFormatError(`cost anomaly ${anomalyId} names no account`);
  const rootCauses: CostRootCause[] = (Array.isArray(d.rootCauses) ? d.rootCauses : []).map((raw) => {
    const c = rec(raw);
    const contribution = num(rec(c.impact).contribution);
    return dropUndefined({
      service: str(c.service),
      usageType: str(c.usageType),
      region: str(c.region),
      linkedAccount: str(c.linkedAccount),
      linkedAccountName: str(c.linkedAccountName),
      contribution,
    });
  });
  return dropUndefined({
    kind: 'cost-anomaly' as const,
    anomalyId,
    accountId,
    accountName: str(d.accountName),
    monitorArn: str(d.monitorArn) ?? '',
    monitorName: str(d.monitorName),
    startDate: str(d.anomalyStartDate),
    endDate: str(d.anomalyEndDate),
    dimensionValue: str(d.dimensionValue) ?? str(d.dimensionalValue),
    totalImpact,
    totalImpactPercentage: num(impact.totalImpactPercentage),
    totalActualSpend: num(impact.totalActualSpend),
    totalExpectedSpend: num(impact.totalExpectedSpend),
    maxImpact: num(impact.maxImpact),
    currentScore: num(score.currentScore),
    maxScore: num(score.maxScore),
    rootCauses,
    detailsLink: str(d.anomalyDetailsLink),
    region: envelope.region ?? 'us-east-1',
  }) as CostAnomaly;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
function num(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
function rec(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
