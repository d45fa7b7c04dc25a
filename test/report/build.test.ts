import { describe, expect, it } from 'vitest';
import type { WeeklySnapshot } from '../../functions/ports/score-history';
import { buildReport } from '../../functions/report/build';
import { parseIsoWeek } from '../../functions/report/iso-week';
import type { CostData, ReportInput } from '../../functions/report/model';
import { scoresFromFindings } from '../../functions/report/scores';
import { PILLARS } from '../../functions/rulebook/model/pillar';
import { costAnomalyFrom } from '../../functions/rulebook/normalizers/events/cost-anomaly';
import { fixture } from '../support/rule-harness';
import { realS3Finding, scores, snapshot, stored, syntheticFinding } from './fixtures';

const week = parseIsoWeek('2026-W47'); // Mon 16 Nov - Sun 22 Nov 2026
const now = new Date('2026-11-23T08:00:00Z');

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    week,
    generatedAt: now,
    openFindings: [],
    resolvedThisWeek: [],
    currentScores: scores(80),
    history: [snapshot('2026-W46', 70), snapshot('2026-W45', 60)],
    cost: { status: 'unavailable', reason: 'not configured' },
    accounts: { status: 'unavailable', reason: 'not configured' },
    suppressions: { status: 'ok', data: [] },
    audit: { status: 'ok', data: [] },
    ...overrides,
  };
}

describe('buildReport', () => {
  it('scores all six pillars from the findings, with the change since last week and a trend ending this week', () => {
    // Prepare: this week's scores derived from the findings, as gatherReportInput does by default.
    // Security: fixed a critical (weight 10), a high (5) and a low (1) still open: 10 / 16 = 62.5.
    // Reliability: fixed a medium (3), a high (5) still open: 3 / 8 = 37.5. The other four: no score.
    const resolvedAt = { status: 'resolved' as const, resolvedAt: '2026-11-19T00:00:00Z' };
    const open = [
      syntheticFinding('security', 'high'),
      syntheticFinding('security', 'low'),
      syntheticFinding('reliability', 'high'),
    ];
    const resolved = [
      syntheticFinding('security', 'critical', resolvedAt),
      syntheticFinding('reliability', 'medium', resolvedAt),
    ];
    const past = (week: string, security: number, reliability: number | null): WeeklySnapshot => ({
      week,
      takenAt: '2026-11-09T08:00:00Z',
      scores: PILLARS.map((pillar) => ({
        pillar,
        score: pillar === 'security' ? security : pillar === 'reliability' ? reliability : null,
        passed: 0,
        failed: 0,
        unknown: 0,
        notApplicable: 0,
      })),
      openBySeverity: {},
    });
    // Act
    const model = buildReport(
      input({
        openFindings: open,
        resolvedThisWeek: resolved,
        currentScores: scoresFromFindings(open, resolved),
        history: [past('2026-W46', 70.1, null), past('2026-W45', 60, 40)],
      }),
    );
    // Assess
    expect(model.pillars.map((p) => [p.pillar, p.score])).toEqual([
      ['operational-excellence', null],
      ['security', 62.5],
      ['reliability', 37.5],
      ['performance-efficiency', null],
      ['cost-optimization', null],
      ['sustainability', null],
    ]);
    const [, security, reliability] = model.pillars;
    expect(security).toMatchObject({
      title: 'Security',
      previousScore: 70.1,
      change: -7.6,
      passed: 1,
      failed: 2,
      unknown: 0,
      openFindings: 2,
    });
    expect(security!.trend).toEqual([
      { week: '2026-W45', score: 60 },
      { week: '2026-W46', score: 70.1 },
      { week: '2026-W47', score: 62.5 },
    ]);
    // No score last week: no change, however old the scores before it.
    expect(reliability).toMatchObject({ previousScore: null, change: null, openFindings: 1 });
    expect(model.firstReport).toBe(false);
    // The mean of the pillars that have a score: (62.5 + 37.5) / 2; the four without one do not count as 0.
    expect(model.overallScore).toBe(50);
  });

  it('says it is the first report when there is no history, with no changes', () => {
    const model = buildReport(input({ history: [] }));
    expect(model.firstReport).toBe(true);
    expect(model.pillars.every((p) => p.change === null && p.trend.length === 1)).toBe(true);
  });

  it('shows no change when last week is missing from the history (a gap, not last week)', () => {
    const model = buildReport(input({ history: [snapshot('2026-W44', 50)] }));
    expect(model.pillars[0]!.change).toBeNull();
  });

  it('counts new, resolved and still-open findings, and ranks the top 10 risks by severity', () => {
    const open = [
      syntheticFinding('security', 'low', { firstSeenAt: '2026-11-10T00:00:00Z' }),
      ...Array.from({ length: 11 }, () =>
        syntheticFinding('reliability', 'medium', { firstSeenAt: '2026-11-17T00:00:00Z' }),
      ),
      stored(realS3Finding(), { firstSeenAt: '2026-11-01T00:00:00Z' }),
    ];
    const resolved = [
      syntheticFinding('security', 'high', { status: 'resolved', resolvedAt: '2026-11-19T00:00:00Z' }),
    ];
    const model = buildReport(input({ openFindings: open, resolvedThisWeek: resolved }));
    expect(model.findings).toMatchObject({ open: 13, new: 11, resolved: 1, stillOpen: 2 });
    expect(model.findings.bySeverity).toMatchObject({ high: 1, medium: 11, low: 1 });
    expect(model.topRisks).toHaveLength(10);
    expect(model.topRisks[0]).toMatchObject({
      ruleId: 's3-bucket-blocks-public-access',
      severity: 'high',
      resource: 'AWS::S3::Bucket acme-prod-customer-exports',
      accountId: '111122223333',
    });
    expect(model.topRisks.some((r) => r.severity === 'low')).toBe(false);
  });

  it("builds the seed's recommendations table: one row per gap, most severe first", () => {
    const open = [
      syntheticFinding('reliability', 'medium'),
      syntheticFinding('reliability', 'medium'),
      stored(realS3Finding()),
    ];
    const rows = buildReport(input({ openFindings: open })).recommendations;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      pillar: 'security',
      ruleId: 's3-bucket-blocks-public-access',
      occurrences: 1,
    });
    expect(rows[0]!.currentGap).toMatch(/Block Public Access is off/);
    expect(rows[1]).toMatchObject({
      pillar: 'reliability',
      occurrences: 2,
      currentGap: 'reliability check (medium) (2 resources)',
    });
  });

  it('builds the cost section from Cost Explorer data and the week anomalies', () => {
    const anomaly = costAnomalyFrom(fixture<{ detail: unknown }>('events/ce-anomaly-detected.json').detail);
    const cost: CostData = {
      thisWeekByService: [
        { key: 'EC2 - Other', amountUsd: 640.5 },
        { key: 'Amazon Simple Storage Service', amountUsd: 12.25 },
      ],
      lastWeekByService: [{ key: 'EC2 - Other', amountUsd: 150 }],
      natBytesThisWeek: [{ key: 'EU-NatGateway-Bytes', amountUsd: 450 }],
      natBytesLastWeek: [{ key: 'EU-NatGateway-Bytes', amountUsd: 45 }],
      anomalies: [anomaly],
    };
    const eip = syntheticFinding('cost-optimization', 'low', {
      resource: { type: 'AWS::EC2::EIP', id: 'eipalloc-1' },
    });
    const section = buildReport(input({ cost: { status: 'ok', data: cost }, openFindings: [eip] })).cost;
    expect(section.status).toBe('ok');
    if (section.status !== 'ok') return;
    expect(section.data.byService[0]).toEqual({
      service: 'EC2 - Other',
      thisWeekUsd: 640.5,
      lastWeekUsd: 150,
      changeUsd: 490.5,
    });
    expect(section.data.totalThisWeekUsd).toBe(652.75);
    expect(section.data.natGateway).toEqual({
      thisWeekUsd: 450,
      lastWeekUsd: 45,
      gigabytesThisWeek: 10000,
      maxWeeklySavingsUsd: 450,
    });
    expect(section.data.anomalies[0]).toMatchObject({ impactUsd: 471.63, impactPercentage: 358.52 });
    expect(section.data.anomalies[0]!.rootCause).toContain('EU-NatGateway-Bytes');
    expect(section.data.estimates).toEqual([
      expect.objectContaining({
        beforeUsdPerMonth: 3.65,
        afterUsdPerMonth: 0,
        resource: 'AWS::EC2::EIP eipalloc-1',
      }),
    ]);
  });

  it('keeps degraded sections visible with their reason', () => {
    const model = buildReport(
      input({ cost: { status: 'unavailable', reason: 'access denied (ce:GetCostAndUsage)' } }),
    );
    expect(model.cost).toEqual({ status: 'unavailable', reason: 'access denied (ce:GetCostAndUsage)' });
  });

  it('lists suppressions expiring within 14 days and remediation decisions of the week only', () => {
    const base = { ruleId: 'r', resource: 'b*', reason: 'accepted risk', owner: 'sec' };
    const model = buildReport(
      input({
        suppressions: {
          status: 'ok',
          data: [
            { ...base, expires: '2026-11-30' },
            { ...base, expires: '2027-02-01' },
            { ...base, expires: '2026-11-01' },
          ],
        },
        audit: {
          status: 'ok',
          data: [
            {
              at: '2026-11-18T10:00:00Z',
              actor: 'U123',
              action: 'approved',
              findingId: 'f1',
              remediationId: 's3-put-public-access-block',
            },
            { at: '2026-11-18T10:01:00Z', actor: 'system', action: 'remediated', findingId: 'f1' },
            { at: '2026-11-10T10:00:00Z', actor: 'U9', action: 'rejected', findingId: 'f0' },
            { at: '2026-11-20T10:00:00Z', actor: 'timeout', action: 'expired', findingId: 'f2' },
          ],
        },
      }),
    );
    expect(
      model.expiringSuppressions.status === 'ok' && model.expiringSuppressions.data.map((s) => s.daysLeft),
    ).toEqual([7]);
    expect(
      model.remediations.status === 'ok' && model.remediations.data.map((d) => `${d.decision}:${d.by}`),
    ).toEqual(['approved:U123', 'expired:timeout']);
  });

  it('names each account with its OU and the pillar with the most open risk', () => {
    const open = [
      syntheticFinding('security', 'critical'),
      syntheticFinding('reliability', 'low'),
      syntheticFinding('reliability', 'low'),
    ];
    const model = buildReport(
      input({
        openFindings: open,
        accounts: {
          status: 'ok',
          data: [
            { accountId: '111122223333', name: 'acme-prod-workloads', organizationalUnit: 'Production' },
            { accountId: '444455556666', name: 'acme-security-tooling', organizationalUnit: 'Security' },
          ],
        },
      }),
    );
    expect(model.accounts).toEqual({
      status: 'ok',
      data: [
        {
          accountId: '111122223333',
          name: 'acme-prod-workloads',
          organizationalUnit: 'Production',
          openFindings: 3,
          worstPillar: 'security',
        },
        {
          accountId: '444455556666',
          name: 'acme-security-tooling',
          organizationalUnit: 'Security',
          openFindings: 0,
        },
      ],
    });
    expect(model.topRisks[0]!.accountName).toBe('acme-prod-workloads');
  });
});
