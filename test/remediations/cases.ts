import type { Finding } from '../../functions/rulebook/model/finding';
import type { RemediationParams } from '../../functions/rulebook/remediations/remediation';

/** A finding as the engine builds it (`toFinding`), with the fields remediations read. */
export function finding(overrides: Partial<Finding> & { evidence?: Record<string, unknown> } = {}): Finding {
  return {
    id: 'fnd-test',
    ruleId: 'test-rule',
    title: 'Test rule',
    pillar: 'security',
    severity: 'high',
    resource: {
      type: 'AWS::S3::Bucket',
      id: 'acme-data',
      name: 'acme-data',
      accountId: '111122223333',
      region: 'eu-west-1',
    },
    message: 'test',
    evidence: {},
    rationale: 'r',
    recommendation: 'rec',
    expectedImpact: 'x',
    source: 'config',
    seed: { seed: '001', section: 'S3' },
    references: {},
    observedAt: '2026-11-22T10:00:00.000Z',
    ...overrides,
  };
}

export interface RemediationCase {
  /** Remediation id. */
  id: string;
  /** Label of the variant. */
  label: string;
  finding: Finding;
  params: RemediationParams;
  /** Outputs the executor returns for the `prepare` reads, if any. */
  prepared?: unknown[];
  /** Outputs of the verify reads after a successful fix, and when it did not work. */
  verifyPass: unknown[];
  verifyFail: unknown[];
}

const bucket = finding();
const sg = finding({
  resource: {
    type: 'AWS::EC2::SecurityGroup',
    id: 'sg-0123456789abcdef0',
    accountId: '111122223333',
    region: 'eu-west-1',
  },
  evidence: { securityGroupRuleIds: ['sgr-0aaa1111bbbb2222c'] },
});
const sgPerms = finding({
  resource: {
    type: 'AWS::EC2::SecurityGroup',
    id: 'sg-0123456789abcdef0',
    accountId: '111122223333',
    region: 'eu-west-1',
  },
  evidence: {
    openPermissions: [
      { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0' },
      { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidr: '::/0' },
    ],
  },
});
const trail = finding({
  resource: {
    type: 'AWS::CloudTrail::Trail',
    id: 'org-trail',
    arn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail',
    accountId: '111122223333',
    region: 'eu-west-1',
  },
  evidence: { trailName: 'org-trail' },
});
const key = finding({
  resource: {
    type: 'AWS::KMS::Key',
    id: '1234abcd-12ab-34cd-56ef-1234567890ab',
    arn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    accountId: '111122223333',
    region: 'eu-west-1',
  },
});
const account = {
  type: 'AWS::::Account',
  id: '111122223333',
  accountId: '111122223333',
  region: 'eu-west-1',
};

export const CASES: RemediationCase[] = [
  {
    id: 's3-put-public-access-block',
    label: 'bucket',
    finding: bucket,
    params: {},
    verifyPass: [
      {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      },
    ],
    verifyFail: [{ $error: 'NoSuchPublicAccessBlockConfiguration' }],
  },
  {
    id: 's3-enable-default-encryption',
    label: 'SSE-KMS',
    finding: bucket,
    params: { kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k1' },
    verifyPass: [
      {
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
        },
      },
    ],
    verifyFail: [
      {
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      },
    ],
  },
  {
    id: 's3-enable-versioning',
    label: 'bucket',
    finding: bucket,
    params: {},
    verifyPass: [{ Status: 'Enabled' }],
    verifyFail: [{ Status: 'Suspended' }],
  },
  {
    id: 's3-add-tls-only-policy',
    label: 'existing policy kept',
    finding: bucket,
    params: {},
    prepared: [
      {
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'Cdn',
              Effect: 'Allow',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::acme-data/*',
            },
          ],
        }),
      },
    ],
    verifyPass: [
      {
        Policy: JSON.stringify({
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        }),
      },
    ],
    verifyFail: [{ $error: 'NoSuchBucketPolicy' }],
  },
  {
    id: 'ec2-revoke-world-open-ingress',
    label: 'by rule id',
    finding: sg,
    params: {},
    verifyPass: [
      {
        SecurityGroupRules: [
          {
            SecurityGroupRuleId: 'sgr-keep',
            IsEgress: false,
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            CidrIpv4: '10.0.0.0/8',
          },
          { SecurityGroupRuleId: 'sgr-egress', IsEgress: true, IpProtocol: '-1', CidrIpv4: '0.0.0.0/0' },
        ],
      },
    ],
    verifyFail: [
      {
        SecurityGroupRules: [
          {
            SecurityGroupRuleId: 'sgr-0aaa1111bbbb2222c',
            IsEgress: false,
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            CidrIpv4: '0.0.0.0/0',
          },
        ],
      },
    ],
  },
  {
    id: 'ec2-revoke-world-open-ingress',
    label: 'by permission',
    finding: sgPerms,
    params: {},
    verifyPass: [
      {
        SecurityGroupRules: [
          {
            SecurityGroupRuleId: 'sgr-keep',
            IsEgress: false,
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            CidrIpv4: '10.0.0.0/8',
          },
        ],
      },
    ],
    verifyFail: [
      {
        SecurityGroupRules: [
          {
            SecurityGroupRuleId: 'sgr-x',
            IsEgress: false,
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            CidrIpv6: '::/0',
          },
        ],
      },
    ],
  },
  {
    id: 'cloudtrail-start-logging',
    label: 'trail',
    finding: trail,
    params: {},
    verifyPass: [{ IsLogging: true }],
    verifyFail: [{ IsLogging: false }],
  },
  {
    id: 'cloudtrail-enable-log-file-validation',
    label: 'trail',
    finding: trail,
    params: {},
    verifyPass: [{ trailList: [{ Name: 'org-trail', LogFileValidationEnabled: true }] }],
    verifyFail: [{ trailList: [{ Name: 'org-trail', LogFileValidationEnabled: false }] }],
  },
  {
    id: 'guardduty-enable-detector',
    label: 'no detector yet',
    finding: finding({ resource: account }),
    params: {},
    verifyPass: [{ DetectorIds: ['12abc34d567e8fa901bc2d34e56789f0'] }],
    verifyFail: [{ DetectorIds: [] }],
  },
  {
    id: 'guardduty-enable-detector',
    label: 'disabled detector',
    finding: finding({ resource: account, evidence: { detectorId: '12abc34d567e8fa901bc2d34e56789f0' } }),
    params: {},
    verifyPass: [{ Status: 'ENABLED' }],
    verifyFail: [{ Status: 'DISABLED' }],
  },
  {
    id: 'config-start-recorder',
    label: 'recorder',
    finding: finding({
      resource: {
        type: 'AWS::Config::ConfigurationRecorder',
        id: 'default',
        accountId: '111122223333',
        region: 'eu-west-1',
      },
    }),
    params: {},
    verifyPass: [{ ConfigurationRecordersStatus: [{ name: 'default', recording: true }] }],
    verifyFail: [{ ConfigurationRecordersStatus: [{ name: 'default', recording: false }] }],
  },
  {
    id: 'kms-enable-key-rotation',
    label: 'key',
    finding: key,
    params: {},
    verifyPass: [{ KeyRotationEnabled: true }],
    verifyFail: [{ KeyRotationEnabled: false }],
  },
  {
    id: 'kms-cancel-key-deletion',
    label: 'key',
    finding: key,
    params: {},
    verifyPass: [{ KeyMetadata: { KeyState: 'Enabled' } }],
    verifyFail: [{ KeyMetadata: { KeyState: 'PendingDeletion' } }],
  },
  {
    id: 'iam-deactivate-access-key',
    label: 'user key',
    finding: finding({
      resource: account,
      evidence: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'ci-deployer' },
    }),
    params: {},
    verifyPass: [
      {
        AccessKeyMetadata: [
          { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Inactive' },
          { AccessKeyId: 'AKIAOTHERKEY0000000X', Status: 'Active' },
        ],
      },
    ],
    verifyFail: [{ AccessKeyMetadata: [{ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Active' }] }],
  },
  ...(['user', 'role', 'group'] as const).map((principalType) => ({
    id: 'iam-detach-administrator-access',
    label: principalType,
    finding: finding({ resource: account, evidence: { principalType, principalName: 'ops' } }),
    params: {},
    verifyPass: [{ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] }],
    verifyFail: [{ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }],
  })),
  {
    id: 'vpc-create-gateway-endpoints',
    label: 'route tables read first',
    finding: finding({
      resource: {
        type: 'AWS::EC2::NatGateway',
        id: 'nat-0abc',
        accountId: '111122223333',
        region: 'eu-west-1',
      },
      evidence: { vpcId: 'vpc-0abc' },
    }),
    params: {},
    prepared: [{ RouteTables: [{ RouteTableId: 'rtb-0a' }, { RouteTableId: 'rtb-0b' }] }],
    verifyPass: [
      {
        VpcEndpoints: [
          { ServiceName: 'com.amazonaws.eu-west-1.s3', VpcEndpointType: 'Gateway', State: 'available' },
          { ServiceName: 'com.amazonaws.eu-west-1.dynamodb', VpcEndpointType: 'Gateway', State: 'available' },
        ],
      },
    ],
    verifyFail: [
      {
        VpcEndpoints: [
          { ServiceName: 'com.amazonaws.eu-west-1.s3', VpcEndpointType: 'Gateway', State: 'available' },
        ],
      },
    ],
  },
  {
    id: 'ebs-snapshot-and-delete-volume',
    label: 'volume',
    finding: finding({
      resource: { type: 'AWS::EC2::Volume', id: 'vol-0abc', accountId: '111122223333', region: 'eu-west-1' },
    }),
    params: { approvalId: 'apr_test' },
    verifyPass: [{ $error: 'InvalidVolume.NotFound' }],
    verifyFail: [{ Volumes: [{ VolumeId: 'vol-0abc', State: 'available' }] }],
  },
  {
    id: 'ec2-release-elastic-ip',
    label: 'address',
    finding: finding({
      resource: {
        type: 'AWS::EC2::EIP',
        id: 'eipalloc-0abc',
        accountId: '111122223333',
        region: 'eu-west-1',
      },
    }),
    params: {},
    verifyPass: [{ $error: 'InvalidAllocationID.NotFound' }],
    verifyFail: [{ Addresses: [{ AllocationId: 'eipalloc-0abc' }] }],
  },
  ...tagCases(),
  ...ruleShapes(),
  {
    id: 'rds-enable-deletion-protection',
    label: 'instance',
    finding: finding({
      resource: {
        type: 'AWS::RDS::DBInstance',
        id: 'db-ABC',
        name: 'orders-db',
        accountId: '111122223333',
        region: 'eu-west-1',
      },
    }),
    params: {},
    verifyPass: [{ DBInstances: [{ DeletionProtection: true }] }],
    verifyFail: [{ DBInstances: [{ DeletionProtection: false }] }],
  },
  {
    id: 'rds-enable-deletion-protection',
    label: 'cluster',
    finding: finding({
      resource: {
        type: 'AWS::RDS::DBCluster',
        id: 'cluster-ABC',
        name: 'orders',
        accountId: '111122223333',
        region: 'eu-west-1',
      },
    }),
    params: {},
    verifyPass: [{ DBClusters: [{ DeletionProtection: true }] }],
    verifyFail: [{ DBClusters: [{ DeletionProtection: false }] }],
  },
];

function tagCases(): RemediationCase[] {
  const params = { tagDefaults: { CostCenter: 'unassigned', App: 'unknown' } };
  const evidence = { missingTags: ['CostCenter', 'App'] };
  const pass = (key: 'Key' | 'TagKey', list: string) => [
    { [list]: [{ [key]: 'CostCenter' }, { [key]: 'App' }, { [key]: 'Owner' }] },
  ];
  const failing = (key: 'Key' | 'TagKey', list: string) => [{ [list]: [{ [key]: 'Owner' }] }];
  const base = { id: 'tags-add-mandatory', params };
  const r = (type: string, id: string, extra: Record<string, string> = {}) => ({
    type,
    id,
    accountId: '111122223333',
    region: 'eu-west-1',
    ...extra,
  });
  return [
    {
      ...base,
      label: 's3',
      finding: finding({ resource: r('AWS::S3::Bucket', 'acme-data', { name: 'acme-data' }), evidence }),
      prepared: [{ TagSet: [{ Key: 'Owner', Value: 'data-team' }] }],
      verifyPass: pass('Key', 'TagSet'),
      verifyFail: failing('Key', 'TagSet'),
    },
    {
      ...base,
      label: 'ec2',
      finding: finding({ resource: r('AWS::EC2::Instance', 'i-0abc'), evidence }),
      verifyPass: pass('Key', 'Tags'),
      verifyFail: failing('Key', 'Tags'),
    },
    {
      ...base,
      label: 'rds',
      finding: finding({
        resource: r('AWS::RDS::DBInstance', 'db-ABC', {
          arn: 'arn:aws:rds:eu-west-1:111122223333:db:orders-db',
        }),
        evidence,
      }),
      verifyPass: pass('Key', 'TagList'),
      verifyFail: failing('Key', 'TagList'),
    },
    {
      ...base,
      label: 'iam role',
      finding: finding({ resource: r('AWS::IAM::Role', 'AROAEXAMPLE', { name: 'app-role' }), evidence }),
      verifyPass: pass('Key', 'Tags'),
      verifyFail: failing('Key', 'Tags'),
    },
    {
      ...base,
      label: 'iam user',
      finding: finding({ resource: r('AWS::IAM::User', 'AIDAEXAMPLE', { name: 'ci' }), evidence }),
      verifyPass: pass('Key', 'Tags'),
      verifyFail: failing('Key', 'Tags'),
    },
    {
      ...base,
      label: 'kms',
      finding: finding({
        resource: r('AWS::KMS::Key', 'k-1', { arn: 'arn:aws:kms:eu-west-1:111122223333:key/k-1' }),
        evidence,
      }),
      verifyPass: pass('TagKey', 'Tags'),
      verifyFail: failing('TagKey', 'Tags'),
    },
  ];
}

/** Evidence exactly as the rule book's rules emit it (integ branch, rules referencing these fixes). */
function ruleShapes(): RemediationCase[] {
  const sgResource = {
    type: 'AWS::EC2::SecurityGroup',
    id: 'sg-0abc',
    accountId: '111122223333',
    region: 'eu-west-1',
  };
  return [
    {
      id: 'ec2-revoke-world-open-ingress',
      label: 'ec2-security-group-no-world-ingress offendingRules',
      finding: finding({
        resource: sgResource,
        evidence: {
          groupId: 'sg-0abc',
          vpcId: 'vpc-1',
          offendingRules: [
            {
              protocol: 'tcp',
              fromPort: 22,
              toPort: 22,
              cidr: '0.0.0.0/0',
              severity: 'critical',
              reason: 'SSH 22',
            },
            {
              protocol: '-1',
              fromPort: null,
              toPort: null,
              cidr: '::/0',
              severity: 'critical',
              reason: 'all ports',
            },
          ],
        },
      }),
      params: {},
      verifyPass: [{ SecurityGroupRules: [] }],
      verifyFail: [
        {
          SecurityGroupRules: [
            {
              SecurityGroupRuleId: 'sgr-1',
              IsEgress: false,
              IpProtocol: '-1',
              FromPort: -1,
              ToPort: -1,
              CidrIpv6: '::/0',
            },
          ],
        },
      ],
    },
    {
      id: 'ec2-revoke-world-open-ingress',
      label: 'ec2-security-group-opened-to-world openings without rule ids',
      finding: finding({
        resource: sgResource,
        evidence: {
          groupId: 'sg-0abc',
          securityGroupRuleIds: [],
          openings: [{ protocol: 'tcp', fromPort: 3389, toPort: 3389, cidr: '0.0.0.0/0' }],
        },
      }),
      params: {},
      verifyPass: [{ SecurityGroupRules: [] }],
      verifyFail: [
        {
          SecurityGroupRules: [
            { IsEgress: false, IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, CidrIpv4: '0.0.0.0/0' },
          ],
        },
      ],
    },
    {
      id: 'iam-detach-administrator-access',
      label: 'iam-administrator-access-attached (targetType + roleName)',
      finding: finding({
        resource: { type: 'AWS::IAM::Role', id: 'deployer', name: 'deployer', accountId: '111122223333' },
        evidence: {
          policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
          targetType: 'AWS::IAM::Role',
          roleName: 'deployer',
        },
      }),
      params: {},
      verifyPass: [{ AttachedPolicies: [] }],
      verifyFail: [{ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }],
    },
    {
      id: 'iam-detach-administrator-access',
      label: 'iam-no-administrator-access-attached (state rule on a user)',
      finding: finding({
        resource: { type: 'AWS::IAM::User', id: 'AIDA1', name: 'ops-admin', accountId: '111122223333' },
        evidence: { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      }),
      params: {},
      verifyPass: [{ AttachedPolicies: [] }],
      verifyFail: [{ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }],
    },
    {
      id: 'config-start-recorder',
      label: 'config-recorder-stopped (configurationRecorderName)',
      finding: finding({
        resource: {
          type: 'AWS::Config::ConfigurationRecorder',
          id: 'main',
          name: 'main',
          accountId: '111122223333',
          region: 'eu-west-1',
        },
        evidence: { configurationRecorderName: 'main' },
      }),
      params: {},
      verifyPass: [{ ConfigurationRecordersStatus: [{ name: 'main', recording: true }] }],
      verifyFail: [{ ConfigurationRecordersStatus: [] }],
    },
    {
      id: 'vpc-create-gateway-endpoints',
      label: 'nat-gateway-traffic-without-gateway-endpoint (missingGatewayEndpoints, known route tables)',
      finding: finding({
        resource: {
          type: 'AWS::EC2::NatGateway',
          id: 'nat-1',
          accountId: '111122223333',
          region: 'us-east-1',
        },
        evidence: {
          vpcId: 'vpc-9',
          natGatewayId: 'nat-1',
          missingGatewayEndpoints: ['s3'],
          routeTableIds: ['rtb-1'],
        },
      }),
      params: {},
      verifyPass: [
        {
          VpcEndpoints: [
            { ServiceName: 'com.amazonaws.us-east-1.s3', VpcEndpointType: 'Gateway', State: 'available' },
          ],
        },
      ],
      verifyFail: [
        {
          VpcEndpoints: [
            { ServiceName: 'com.amazonaws.us-east-1.s3', VpcEndpointType: 'Gateway', State: 'deleted' },
          ],
        },
      ],
    },
    {
      id: 'guardduty-enable-detector',
      label: 'guardduty-detector-disabled (deleted)',
      finding: finding({
        resource: {
          type: 'AWS::GuardDuty::Detector',
          id: 'd-1',
          accountId: '111122223333',
          region: 'eu-west-1',
        },
        evidence: { detectorId: 'd-1', action: 'deleted' },
      }),
      params: {},
      verifyPass: [{ DetectorIds: ['d-2'] }],
      verifyFail: [{ DetectorIds: [] }],
    },
    {
      id: 'cloudtrail-start-logging',
      label: 'cloudtrail-logging-stopped (trailArn)',
      finding: finding({
        resource: {
          type: 'AWS::CloudTrail::Trail',
          id: 'org',
          accountId: '111122223333',
          region: 'eu-west-1',
        },
        evidence: { trailName: 'org', trailArn: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org' },
      }),
      params: {},
      verifyPass: [{ IsLogging: true }],
      verifyFail: [{ IsLogging: false }],
    },
  ];
}
