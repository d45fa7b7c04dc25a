import { EventFormatError } from '../../errors';
import type { CostAnomaly, CostRootCause } from '../../model/cost-anomaly';

/**
 * Cost Anomaly Detection alert to a CostAnomaly. Accepts the EventBridge `detail` (field
 * `dimensionValue`) and the parsed SNS message body (field `dimensionalValue`); both documented in
 * the AWS Cost Management user guide ("Using EventBridge with Cost Anomaly Detection", "Getting
 * started with AWS Cost Anomaly Detection"). Cost Anomaly Detection is a us-east-1 service, so the
 * anomaly's own region defaults to that; the root causes name the regions the spend is in.
 */
export function costAnomalyFrom(
  detail: unknown,
  envelope: { account?: string; region?: string; resources?: unknown } = {},
): CostAnomaly {
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    throw new EventFormatError('cost anomaly detail is not an object');
  }
  const d = detail as Record<string, unknown>;
  const anomalyId = str(d.anomalyId);
  if (!anomalyId) throw new EventFormatError('cost anomaly has no anomalyId');
  const impact = rec(d.impact);
  const totalImpact = num(impact.totalImpact);
  if (totalImpact === undefined) {
    throw new EventFormatError(`cost anomaly ${anomalyId} has no numeric impact.totalImpact`);
  }
  const accountId = str(d.accountId) ?? envelope.account;
  if (!accountId) throw new EventFormatError(`cost anomaly ${anomalyId} names no account`);
  const score = rec(d.anomalyScore);
  const rootCauses: CostRootCause[] = [];
  if (Array.isArray(d.rootCauses)) {
    for (const raw of d.rootCauses) {
      const cause = rootCauseFrom(raw);
      if (cause) rootCauses.push(cause);
    }
  }
  // EventBridge lists the monitor ARN in `resources`; the detail repeats it as `monitorArn`.
  const envelopeMonitor = Array.isArray(envelope.resources) ? str(envelope.resources[0]) : undefined;
  const anomaly: CostAnomaly = {
    kind: 'cost-anomaly',
    anomalyId,
    accountId,
    monitorArn: str(d.monitorArn) ?? envelopeMonitor ?? '',
    totalImpact,
    rootCauses,
    region: envelope.region ?? 'us-east-1',
  };
  setIf(anomaly, 'accountName', str(d.accountName));
  setIf(anomaly, 'monitorName', str(d.monitorName));
  setIf(anomaly, 'startDate', str(d.anomalyStartDate));
  setIf(anomaly, 'endDate', str(d.anomalyEndDate));
  setIf(anomaly, 'dimensionValue', str(d.dimensionValue) ?? str(d.dimensionalValue));
  setIf(anomaly, 'totalImpactPercentage', num(impact.totalImpactPercentage));
  setIf(anomaly, 'totalActualSpend', num(impact.totalActualSpend));
  setIf(anomaly, 'totalExpectedSpend', num(impact.totalExpectedSpend));
  setIf(anomaly, 'maxImpact', num(impact.maxImpact));
  setIf(anomaly, 'currentScore', num(score.currentScore));
  setIf(anomaly, 'maxScore', num(score.maxScore));
  setIf(anomaly, 'detailsLink', str(d.anomalyDetailsLink));
  return anomaly;
}

function rootCauseFrom(raw: unknown): CostRootCause | undefined {
  const c = rec(raw);
  const cause: CostRootCause = {};
  setIf(cause, 'service', str(c.service));
  setIf(cause, 'usageType', str(c.usageType));
  setIf(cause, 'region', str(c.region));
  setIf(cause, 'linkedAccount', str(c.linkedAccount));
  setIf(cause, 'linkedAccountName', str(c.linkedAccountName));
  setIf(cause, 'contribution', num(rec(c.impact).contribution));
  return Object.keys(cause).length > 0 ? cause : undefined;
}

function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A finite number, or a numeric string (`"471.63"`); blank strings are not zero. */
function num(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function rec(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
