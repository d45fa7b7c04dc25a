import { buildFindingMessage, type FindingMessage } from '../../functions/notifications/model';
import type { CoveredFinding } from '../../functions/ports/approval-store';
import type { StoredFinding } from '../../functions/ports/findings-store';
import type { ApprovalView } from '../../functions/ports/notifier';

/** A stored finding shaped like the engine's `toFinding` output plus the store's fields. */
export function storedFinding(overrides: Partial<StoredFinding> = {}): StoredFinding {
  return {
    id: 'f-s3-public-acme-exports',
    ruleId: 's3-bucket-blocks-public-access',
    title: 'S3 buckets block public access (all four settings)',
    pillar: 'security',
    severity: 'high',
    resource: {
      type: 'AWS::S3::Bucket',
      id: 'acme-prod-customer-exports',
      name: 'acme-prod-customer-exports',
      arn: 'arn:aws:s3:::acme-prod-customer-exports',
      accountId: '111122223333',
      region: 'eu-west-1',
    },
    message: 'Block Public Access is off for blockPublicPolicy, restrictPublicBuckets',
    evidence: { settingsOff: ['blockPublicPolicy', 'restrictPublicBuckets'] },
    rationale:
      'A bucket without all four Block Public Access settings can be made public by one ACL or policy change.',
    recommendation: 'Turn on all four Block Public Access settings.',
    expectedImpact: 'No object can be exposed.',
    source: 'config',
    seed: { seed: '001', section: 'S3 / Secure S3 Bucket' },
    references: { securityHub: ['S3.8'], configRules: ['S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED'] },
    remediation: 's3-put-public-access-block',
    observedAt: '2026-11-22T10:00:00.000Z',
    status: 'open',
    firstSeenAt: '2026-11-22T10:00:00.000Z',
    lastSeenAt: '2026-11-22T10:00:00.000Z',
    fingerprint: 'fp-1',
    ...overrides,
  };
}

export function pendingApproval(overrides: Partial<ApprovalView> = {}): ApprovalView {
  return {
    approvalId: 'apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J',
    remediationId: 's3-put-public-access-block',
    title: 'Block all public access on the S3 bucket',
    destructive: false,
    plan: [
      {
        service: 'S3',
        operation: 'PutPublicAccessBlock',
        input: {
          Bucket: 'acme-prod-customer-exports',
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
        },
        iamAction: 's3:PutBucketPublicAccessBlock',
      },
    ],
    expiresAt: '2026-11-23T10:00:00.000Z',
    state: 'pending',
    ...overrides,
  };
}

/** Other findings of the bucket that the Block Public Access fix covers too (an approval's `covers`). */
export const COVERED: CoveredFinding[] = [
  {
    findingId: '8b031d633e5b34d24c2662db',
    ruleId: 's3-bucket-policy-not-public',
    title: 'S3 bucket policies do not grant access to everyone',
    severity: 'critical',
  },
  {
    findingId: 'f-s3-pab-deleted',
    ruleId: 's3-public-access-block-disabled',
    title: 'S3 Block Public Access is not turned off on a bucket',
    severity: 'high',
  },
];

export const ACCOUNT = {
  accountId: '111122223333',
  name: 'acme-prod-workloads',
  organizationalUnit: 'Production',
  organizationalUnitId: 'ou-ab12-cdef3456',
};

/** The model of a finding resolved by event `evt-42` on 22 Nov 2026. */
export function resolvedByEvent(): FindingMessage {
  return buildFindingMessage(
    {
      kind: 'resolved',
      finding: storedFinding({ status: 'resolved', resolvedAt: '2026-11-22T12:00:00.000Z' }),
      resolvedBy: 'evt-42',
    },
    ACCOUNT,
  );
}
