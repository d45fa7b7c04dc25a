import {
  CostExplorerClient,
  GetAnomaliesCommand,
  type GetAnomaliesCommandOutput,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import type { CostSource } from '../../ports/cost-source';
import type { CostData, CostLine } from '../../report/model';
import type { CostAnomaly } from '../../rulebook/model/cost-anomaly';
import { costAnomalyFrom } from '../../rulebook/normalizers/events/cost-anomaly';

/** Cost Explorer has one endpoint, in us-east-1 (AWS Cost Management user guide, "ce-api"). */
export function createCostExplorerClient(): CostExplorerClient {
  return new CostExplorerClient({ region: 'us-east-1' });
}

const DAY_MS = 86_400_000;
const NAT_BYTES = /NatGateway-Bytes$/;

/**
 * Weekly cost figures from Cost Explorer. Every page costs $0.01, so each (week, grouping) is asked
 * once per run and cached: two weeks x two groupings (SERVICE, USAGE_TYPE) + one GetAnomalies.
 */
export class CostExplorerCostSource implements CostSource {
  private readonly cache = new Map<string, Promise<CostLine[]>>();
  private readonly anomalyCache = new Map<string, Promise<AnomaliesRead>>();

  constructor(private readonly client: CostExplorerClient) {}

  async weeklyCost(period: { start: Date; end: Date }): Promise<CostData> {
    const lastWeek = { start: new Date(period.start.getTime() - 7 * DAY_MS), end: period.start };
    const [thisWeekByService, lastWeekByService, usageThisWeek, usageLastWeek, read] = await Promise.all([
      this.grouped(period, 'SERVICE'),
      this.grouped(lastWeek, 'SERVICE'),
      this.grouped(period, 'USAGE_TYPE'),
      this.grouped(lastWeek, 'USAGE_TYPE'),
      this.cachedAnomalies(period),
    ]);
    return {
      thisWeekByService,
      lastWeekByService,
      natBytesThisWeek: usageThisWeek.filter((l) => NAT_BYTES.test(l.key)),
      natBytesLastWeek: usageLastWeek.filter((l) => NAT_BYTES.test(l.key)),
      anomalies: read.anomalies,
      ...(read.leftOut.length ? { anomaliesLeftOut: read.leftOut } : {}),
    };
  }

  private grouped(
    period: { start: Date; end: Date },
    dimension: 'SERVICE' | 'USAGE_TYPE',
  ): Promise<CostLine[]> {
    const key = `${day(period.start)}/${day(period.end)}/${dimension}`;
    let cached = this.cache.get(key);
    if (!cached) {
      cached = this.fetchGrouped(period, dimension);
      this.cache.set(key, cached);
    }
    return cached;
  }

  private async fetchGrouped(
    period: { start: Date; end: Date },
    dimension: 'SERVICE' | 'USAGE_TYPE',
  ): Promise<CostLine[]> {
    const totals = new Map<string, number>();
    let token: string | undefined;
    do {
      const page: GetCostAndUsageCommandOutput = await this.client.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: day(period.start), End: day(period.end) },
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost'],
          GroupBy: [{ Type: 'DIMENSION', Key: dimension }],
          ...(token ? { NextPageToken: token } : {}),
        }),
      );
      for (const result of page.ResultsByTime ?? []) {
        for (const group of result.Groups ?? []) {
          const name = group.Keys?.[0] ?? 'unknown';
          const amount = Number(group.Metrics?.UnblendedCost?.Amount ?? 0);
          if (Number.isFinite(amount)) totals.set(name, (totals.get(name) ?? 0) + amount);
        }
      }
      token = page.NextPageToken;
    } while (token);
    return [...totals.entries()].map(([key, amountUsd]) => ({ key, amountUsd }));
  }

  private cachedAnomalies(period: { start: Date; end: Date }): Promise<AnomaliesRead> {
    const key = `${day(period.start)}/${day(period.end)}`;
    let cached = this.anomalyCache.get(key);
    if (!cached) {
      cached = this.anomalies(period);
      this.anomalyCache.set(key, cached);
    }
    return cached;
  }

  /**
   * The week's anomalies. One that cannot be read (the API model leaves `Impact.TotalImpact`
   * optional) is left out and named, not allowed to blank the whole cost section.
   */
  private async anomalies(period: { start: Date; end: Date }): Promise<AnomaliesRead> {
    const out: CostAnomaly[] = [];
    const leftOut: AnomaliesRead['leftOut'] = [];
    let token: string | undefined;
    do {
      const page: GetAnomaliesCommandOutput = await this.client.send(
        new GetAnomaliesCommand({
          DateInterval: {
            StartDate: day(period.start),
            EndDate: day(new Date(period.end.getTime() - DAY_MS)),
          },
          ...(token ? { NextPageToken: token } : {}),
        }),
      );
      for (const anomaly of page.Anomalies ?? []) {
        // The API model uses PascalCase; map it onto the event model the core already reads.
        try {
          out.push(
            costAnomalyFrom({
              anomalyId: anomaly.AnomalyId,
              accountId: anomaly.RootCauses?.[0]?.LinkedAccount ?? 'unknown',
              monitorArn: anomaly.MonitorArn,
              anomalyStartDate: anomaly.AnomalyStartDate,
              anomalyEndDate: anomaly.AnomalyEndDate,
              dimensionValue: anomaly.DimensionValue,
              anomalyScore: {
                currentScore: anomaly.AnomalyScore?.CurrentScore,
                maxScore: anomaly.AnomalyScore?.MaxScore,
              },
              impact: {
                maxImpact: anomaly.Impact?.MaxImpact,
                totalImpact: anomaly.Impact?.TotalImpact,
                totalImpactPercentage: anomaly.Impact?.TotalImpactPercentage,
                totalActualSpend: anomaly.Impact?.TotalActualSpend,
                totalExpectedSpend: anomaly.Impact?.TotalExpectedSpend,
              },
              rootCauses: (anomaly.RootCauses ?? []).map((c) => ({
                service: c.Service,
                usageType: c.UsageType,
                region: c.Region,
                linkedAccount: c.LinkedAccount,
                linkedAccountName: c.LinkedAccountName,
                impact: { contribution: c.Impact?.Contribution },
              })),
            }),
          );
        } catch (error) {
          leftOut.push({ anomalyId: anomaly.AnomalyId ?? 'unknown', reason: (error as Error).message });
        }
      }
      token = page.NextPageToken;
    } while (token);
    return { anomalies: out, leftOut };
  }
}

interface AnomaliesRead {
  anomalies: CostAnomaly[];
  leftOut: Array<{ anomalyId: string; reason: string }>;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
