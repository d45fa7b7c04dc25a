import { buildReport } from '../../functions/report/build';
import { parseIsoWeek } from '../../functions/report/iso-week';
import type { ReportModel } from '../../functions/report/model';
import { costAnomalyFrom } from '../../functions/rulebook/normalizers/events/cost-anomaly';
import { fixture } from '../support/rule-harness';
import { realS3Finding, scores, snapshot, stored, syntheticFinding } from './fixtures';

/** A full report with every section populated: the same data the browser test renders. */
export function sampleReport(options: { firstReport?: boolean } = {}): ReportModel {
  const history = options.firstReport
    ? []
    : Array.from({ length: 11 }, (_, i) =>
        snapshot(`2026-W${String(46 - i).padStart(2, '0')}`, 40 + ((i * 7) % 40)),
      );
  return buildReport({
    week: parseIsoWeek('2026-W47'),
    generatedAt: new Date('2026-11-23T08:00:00Z'),
    openFindings: [
      stored(realS3Finding()),
      syntheticFinding('security', 'critical', {
        message: 'Security group sg-0a1b opens 22/tcp to 0.0.0.0/0 <script>alert(1)</script>',
      }),
      syntheticFinding('reliability', 'medium'),
      syntheticFinding('cost-optimization', 'low', {
        resource: { type: 'AWS::EC2::EIP', id: 'eipalloc-0f3', accountId: '111122223333' },
      }),
      syntheticFinding('operational-excellence', 'low'),
      syntheticFinding('sustainability', 'info'),
    ],
    resolvedThisWeek: [
      syntheticFinding('security', 'high', { status: 'resolved', resolvedAt: '2026-11-19T00:00:00Z' }),
    ],
    currentScores: scores(72),
    history,
    cost: {
      status: 'ok',
      data: {
        thisWeekByService: [
          { key: 'EC2 - Other', amountUsd: 640.5 },
          { key: 'Amazon Elastic Compute Cloud - Compute', amountUsd: 1200 },
        ],
        lastWeekByService: [{ key: 'EC2 - Other', amountUsd: 150 }],
        natBytesThisWeek: [{ key: 'EU-NatGateway-Bytes', amountUsd: 450 }],
        natBytesLastWeek: [{ key: 'EU-NatGateway-Bytes', amountUsd: 45 }],
        anomalies: [costAnomalyFrom(fixture<{ detail: unknown }>('events/ce-anomaly-detected.json').detail)],
        anomaliesLeftOut: [{ anomalyId: 'a2', reason: 'cost anomaly a2 has no numeric impact.totalImpact' }],
      },
    },
    accounts: { status: 'unavailable', reason: 'access denied (organizations:ListAccounts)' },
    suppressions: {
      status: 'ok',
      data: [
        {
          ruleId: 's3-bucket-blocks-public-access',
          resource: 'public-site-*',
          reason: 'static website behind CloudFront',
          owner: 'web-team',
          expires: '2026-11-30',
        },
      ],
    },
    audit: {
      status: 'ok',
      data: [
        {
          at: '2026-11-18T10:00:00Z',
          actor: 'U024BE7LH',
          action: 'approved',
          findingId: 'abc',
          remediationId: 's3-put-public-access-block',
        },
      ],
    },
  });
}
