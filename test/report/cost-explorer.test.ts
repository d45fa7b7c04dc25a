import {
  CostExplorerClient,
  GetAnomaliesCommand,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { CostExplorerCostSource, createCostExplorerClient } from '../../functions/adapters/aws/cost-explorer';

/** Pages shaped like the GetCostAndUsage response (SDK types: ResultsByTime[].Groups[].Keys / Metrics). */
function page(day: string, groups: Array<[string, number]>, next?: string): GetCostAndUsageCommandOutput {
  return {
    $metadata: {},
    GroupDefinitions: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
    ResultsByTime: [
      {
        TimePeriod: { Start: day, End: day },
        Total: {},
        Groups: groups.map(([key, amount]) => ({
          Keys: [key],
          Metrics: { UnblendedCost: { Amount: String(amount), Unit: 'USD' } },
        })),
        Estimated: false,
      },
    ],
    ...(next ? { NextPageToken: next } : {}),
  };
}

const ce = mockClient(CostExplorerClient);
const week = { start: new Date('2026-11-16T00:00:00Z'), end: new Date('2026-11-23T00:00:00Z') };

describe('Cost Explorer cost source', () => {
  beforeEach(() => {
    ce.reset();
    ce.on(GetCostAndUsageCommand, {
      TimePeriod: { Start: '2026-11-16', End: '2026-11-23' },
      GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
    })
      .resolvesOnce(
        page(
          '2026-11-16',
          [
            ['EC2 - Other', 100.5],
            ['Amazon Simple Storage Service', 3],
          ],
          'p2',
        ),
      )
      .resolvesOnce(page('2026-11-17', [['EC2 - Other', 200.25]]));
    ce.on(GetCostAndUsageCommand, {
      TimePeriod: { Start: '2026-11-09', End: '2026-11-16' },
      GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
    }).resolves(page('2026-11-09', [['EC2 - Other', 90]]));
    ce.on(GetCostAndUsageCommand, {
      TimePeriod: { Start: '2026-11-16', End: '2026-11-23' },
      GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }],
    }).resolves(
      page('2026-11-16', [
        ['EU-NatGateway-Bytes', 250],
        ['EU-NatGateway-Hours', 7.56],
        ['USE1-NatGateway-Bytes', 10],
      ]),
    );
    ce.on(GetCostAndUsageCommand, {
      TimePeriod: { Start: '2026-11-09', End: '2026-11-16' },
      GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }],
    }).resolves(page('2026-11-09', [['EU-NatGateway-Bytes', 20]]));
    ce.on(GetAnomaliesCommand).resolves({
      $metadata: {},
      Anomalies: [
        {
          AnomalyId: '8f2a6c1e-4b3d-4a9e-9c7f-5e1d2b3a4c6f',
          AnomalyStartDate: '2026-11-17',
          AnomalyEndDate: '2026-11-19',
          DimensionValue: 'EC2 - Other',
          MonitorArn: 'arn:aws:ce::999988887777:anomalymonitor/3b7e1c2d-9a4f-4e8b-b5c6-0d1e2f3a4b5c',
          AnomalyScore: { MaxScore: 0.83, CurrentScore: 0.71 },
          Impact: { MaxImpact: 187.42, TotalImpact: 471.63, TotalImpactPercentage: 358.52 },
          RootCauses: [
            {
              Service: 'EC2 - Other',
              Region: 'eu-west-1',
              LinkedAccount: '111122223333',
              UsageType: 'EU-NatGateway-Bytes',
              Impact: { Contribution: 412.37 },
            },
          ],
        },
      ],
    });
  });

  it('sums daily pages per service and picks out NAT gateway bytes by usage type suffix', async () => {
    const data = await new CostExplorerCostSource(new CostExplorerClient({ region: 'us-east-1' })).weeklyCost(
      week,
    );
    expect(data.thisWeekByService).toEqual([
      { key: 'EC2 - Other', amountUsd: 300.75 },
      { key: 'Amazon Simple Storage Service', amountUsd: 3 },
    ]);
    expect(data.lastWeekByService).toEqual([{ key: 'EC2 - Other', amountUsd: 90 }]);
    expect(data.natBytesThisWeek.map((l) => l.key)).toEqual(['EU-NatGateway-Bytes', 'USE1-NatGateway-Bytes']);
    expect(data.natBytesLastWeek).toEqual([{ key: 'EU-NatGateway-Bytes', amountUsd: 20 }]);
    expect(data.anomalies[0]).toMatchObject({
      anomalyId: '8f2a6c1e-4b3d-4a9e-9c7f-5e1d2b3a4c6f',
      totalImpact: 471.63,
      rootCauses: [{ usageType: 'EU-NatGateway-Bytes', contribution: 412.37, linkedAccount: '111122223333' }],
    });
    expect(ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, { NextPageToken: 'p2' });
    expect(ce).toHaveReceivedCommandWith(GetAnomaliesCommand, {
      DateInterval: { StartDate: '2026-11-16', EndDate: '2026-11-22' },
    });
  });

  it('asks each (week, grouping) once per run: every page costs $0.01', async () => {
    const source = new CostExplorerCostSource(new CostExplorerClient({ region: 'us-east-1' }));
    await source.weeklyCost(week);
    await source.weeklyCost(week);
    // 2 pages for this week by service + 1 last week + 1 + 1 by usage type; no second round.
    expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 5);
    expect(ce).toHaveReceivedCommandTimes(GetAnomaliesCommand, 1);
  });

  it('an anomaly without TotalImpact (optional in the API model) is left out and named; the rest of the costs stay', async () => {
    ce.on(GetAnomaliesCommand).resolves({
      $metadata: {},
      Anomalies: [
        {
          AnomalyId: 'a1',
          MonitorArn: 'arn:aws:ce::999988887777:anomalymonitor/3b7e1c2d-9a4f-4e8b-b5c6-0d1e2f3a4b5c',
          AnomalyScore: { MaxScore: 0.9, CurrentScore: 0.9 },
          Impact: { MaxImpact: 50, TotalImpact: 120 },
          RootCauses: [{ Service: 'Amazon Simple Storage Service', LinkedAccount: '111122223333' }],
        },
        {
          AnomalyId: 'a2',
          MonitorArn: 'arn:aws:ce::999988887777:anomalymonitor/3b7e1c2d-9a4f-4e8b-b5c6-0d1e2f3a4b5c',
          AnomalyScore: { MaxScore: 0.5, CurrentScore: 0.4 },
          Impact: { MaxImpact: 12.5 },
          RootCauses: [{ Service: 'AWS Lambda', LinkedAccount: '111122223333' }],
        },
      ],
    });
    const data = await new CostExplorerCostSource(new CostExplorerClient({ region: 'us-east-1' })).weeklyCost(
      week,
    );
    expect(data.thisWeekByService).toHaveLength(2);
    expect(data.anomalies.map((a) => a.anomalyId)).toEqual(['a1']);
    expect(data.anomaliesLeftOut).toEqual([
      { anomalyId: 'a2', reason: expect.stringContaining('totalImpact') },
    ]);
  });

  it('uses the us-east-1 endpoint, the only one Cost Explorer has', async () => {
    expect(await createCostExplorerClient().config.region()).toBe('us-east-1');
  });
});
