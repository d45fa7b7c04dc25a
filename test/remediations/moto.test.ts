import { CloudTrailClient, CreateTrailCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
} from '@aws-sdk/client-config-service';
import {
  AllocateAddressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSnapshotsCommand,
  DescribeTagsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { CreateDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsRemediationExecutor } from '../../functions/adapters/aws/remediation-executor';
import { AwsRemediationReader } from '../../functions/adapters/aws/remediation-reader';
import type { Finding } from '../../functions/rulebook/model/finding';
import { getRemediation, remediationReadActions } from '../../functions/rulebook/remediations/index';
import { buildPlan, verifyRemediation } from '../../functions/rulebook/remediations/plan';
import type { RemediationParams } from '../../functions/rulebook/remediations/remediation';
import { MOTO_CLIENT, MotoServer, motoAvailable } from '../support/moto-server';
import { finding } from './cases';

/**
 * Each remediation against moto_server: create the bad resource, plan (incl. prepare reads), execute
 * through the real executor (AssumeRole + lazily loaded clients), re-read, verify, and check that
 * nothing else changed.
 */
const hasMoto = motoAvailable('the remediation tests over real HTTP');
const ACCOUNT = '123456789012'; // moto's default account
const REGION = 'us-east-1';

describe.skipIf(!hasMoto)('remediations against moto_server', () => {
  const moto = new MotoServer();
  let endpoint: string;
  let executor: AwsRemediationExecutor;
  /** Plan's and Verify's read-only executor (the write executor runs only the catalog's writes). */
  let reader: AwsRemediationReader;
  const c = <T>(Ctor: new (config: Record<string, unknown>) => T, extra: Record<string, unknown> = {}) =>
    new Ctor({ ...MOTO_CLIENT, endpoint, ...extra });

  beforeAll(async () => {
    endpoint = await moto.start();
    executor = new AwsRemediationExecutor({
      roleName: 'compliance-bot-remediation',
      sts: c(STSClient),
      clientConfig: { endpoint, forcePathStyle: true },
    });
    reader = new AwsRemediationReader({
      roleName: 'compliance-bot-remediation-read',
      readActions: remediationReadActions(),
      sts: c(STSClient),
      clientConfig: { endpoint, forcePathStyle: true },
    });
  });
  afterAll(() => moto.stop());
  beforeEach(() => moto.reset());

  const target = { accountId: ACCOUNT, region: REGION, approvalId: 'apr_moto' };

  async function fix(id: string, f: Finding, params: RemediationParams = {}) {
    const remediation = getRemediation(id)!;
    const before = await verifyRemediation(remediation, f, params, reader, target);
    const plan = await buildPlan(remediation, f, params, reader, target);
    await executor.execute({ ...target, remediationId: id }, plan);
    const after = await verifyRemediation(remediation, f, params, reader, target);
    return { before, plan, after };
  }

  const at = (
    resource: Partial<Finding['resource']> & { type: string; id: string },
    evidence: Record<string, unknown> = {},
  ) => finding({ resource: { accountId: ACCOUNT, region: REGION, ...resource }, evidence });

  describe('S3', () => {
    const s3 = () => c(S3Client, { forcePathStyle: true });
    const bucketFinding = at({ type: 'AWS::S3::Bucket', id: 'acme-data', name: 'acme-data' });

    it('s3-put-public-access-block, versioning untouched', async () => {
      await s3().send(new CreateBucketCommand({ Bucket: 'acme-data' }));
      await s3().send(
        new PutBucketVersioningCommand({
          Bucket: 'acme-data',
          VersioningConfiguration: { Status: 'Suspended' },
        }),
      );
      await s3().send(
        new PutPublicAccessBlockCommand({
          Bucket: 'acme-data',
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: false,
            IgnorePublicAcls: false,
            BlockPublicPolicy: false,
            RestrictPublicBuckets: false,
          },
        }),
      );
      const { before, after } = await fix('s3-put-public-access-block', bucketFinding);
      expect(before.ok).toBe(false);
      expect(after).toEqual({ ok: true, message: 'All four Block Public Access settings are on' });
      expect((await s3().send(new GetBucketVersioningCommand({ Bucket: 'acme-data' }))).Status).toBe(
        'Suspended',
      );
    });

    it('s3-enable-versioning', async () => {
      await s3().send(new CreateBucketCommand({ Bucket: 'acme-data' }));
      const { before, after } = await fix('s3-enable-versioning', bucketFinding);
      expect(before.ok).toBe(false);
      expect(after.ok).toBe(true);
    });

    it('s3-enable-default-encryption', async () => {
      await s3().send(new CreateBucketCommand({ Bucket: 'acme-data' }));
      const { after, plan } = await fix('s3-enable-default-encryption', bucketFinding);
      expect(plan[0]!.operation).toBe('PutBucketEncryption');
      expect(after).toEqual({ ok: true, message: 'Default encryption is aws:kms' });
    });

    it('s3-add-tls-only-policy merges into the existing policy (read first)', async () => {
      await s3().send(new CreateBucketCommand({ Bucket: 'acme-data' }));
      const existing = {
        Sid: 'ReadForAuditor',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::acme-data/*',
      };
      await s3().send(
        new PutBucketPolicyCommand({
          Bucket: 'acme-data',
          Policy: JSON.stringify({ Version: '2012-10-17', Statement: [existing] }),
        }),
      );
      const { before, after } = await fix('s3-add-tls-only-policy', bucketFinding);
      expect(before.ok).toBe(false);
      expect(after.ok).toBe(true);
      const policy = JSON.parse(
        (await s3().send(new GetBucketPolicyCommand({ Bucket: 'acme-data' }))).Policy!,
      );
      expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
        'ReadForAuditor',
        'DenyInsecureTransport',
      ]);
      // Running it again plans nothing (idempotent).
      expect(
        await buildPlan(getRemediation('s3-add-tls-only-policy')!, bucketFinding, {}, reader, target),
      ).toEqual([]);
    });

    it('s3-add-tls-only-policy on a bucket without a policy', async () => {
      await s3().send(new CreateBucketCommand({ Bucket: 'acme-data' }));
      const { after } = await fix('s3-add-tls-only-policy', bucketFinding);
      expect(after.ok).toBe(true);
    });

    const policyWith = (sid: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: sid,
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::acme-data/*',
          },
        ],
      });

    it.each([
      ['whose policy changed since', 'Old'],
      ['made without a policy, once one was added', undefined],
    ])(
      's3-add-tls-only-policy refuses a plan %s (StalePlanError), writing nothing',
      async (_label, before) => {
        // Prepare: plan against one policy (or none), then somebody changes it before the approved plan runs.
        await s3().send(new CreateBucketCommand({ Bucket: 'acme-data' }));
        if (before)
          await s3().send(new PutBucketPolicyCommand({ Bucket: 'acme-data', Policy: policyWith(before) }));
        const tls = getRemediation('s3-add-tls-only-policy')!;
        const plan = await buildPlan(tls, bucketFinding, {}, reader, target);
        await s3().send(
          new PutBucketPolicyCommand({ Bucket: 'acme-data', Policy: policyWith('AddedLater') }),
        );
        // Act
        const run = executor.execute({ ...target, remediationId: tls.id }, plan);
        // Assess: refused by name, and the statement added meanwhile is still the whole policy.
        await expect(run).rejects.toMatchObject({
          name: 'StalePlanError',
          message: /Re-run the remediation/,
        });
        const policy = JSON.parse(
          (await s3().send(new GetBucketPolicyCommand({ Bucket: 'acme-data' }))).Policy!,
        );
        expect(policy.Statement.map((st: { Sid: string }) => st.Sid)).toEqual(['AddedLater']);
      },
    );

    it('tags-add-mandatory on a bucket refuses a plan whose tag set changed since, and applies a fresh one', async () => {
      // Prepare
      const tagged = at(
        { type: 'AWS::S3::Bucket', id: 'acme-data', name: 'acme-data' },
        { missingTags: ['CostCenter'] },
      );
      const params = { tagDefaults: { CostCenter: 'unassigned' } };
      const setTags = (tags: Array<{ Key: string; Value: string }>) =>
        s3().send(new PutBucketTaggingCommand({ Bucket: 'acme-data', Tagging: { TagSet: tags } }));
      await s3().send(new CreateBucketCommand({ Bucket: 'acme-data' }));
      await setTags([{ Key: 'Owner', Value: 'data-team' }]);
      const remediation = getRemediation('tags-add-mandatory')!;
      const stale = await buildPlan(remediation, tagged, params, reader, target);
      await setTags([
        { Key: 'Owner', Value: 'data-team' },
        { Key: 'Project', Value: 'lake' },
      ]);
      // Act + Assess: the stale plan is refused, the tag added meanwhile survives.
      await expect(
        executor.execute({ ...target, remediationId: 'tags-add-mandatory' }, stale),
      ).rejects.toMatchObject({ name: 'StalePlanError' });
      const keys = async () =>
        ((await s3().send(new GetBucketTaggingCommand({ Bucket: 'acme-data' }))).TagSet ?? [])
          .map((t) => t.Key)
          .sort();
      expect(await keys()).toEqual(['Owner', 'Project']);
      // A fresh plan (re-run, re-approved) applies and keeps every tag.
      const fresh = await buildPlan(remediation, tagged, params, reader, target);
      await executor.execute({ ...target, remediationId: 'tags-add-mandatory' }, fresh);
      expect(await keys()).toEqual(['CostCenter', 'Owner', 'Project']);
    });
  });

  describe('EC2', () => {
    const ec2 = () => c(EC2Client);

    it('ec2-revoke-world-open-ingress removes only the world-open rule', async () => {
      const { Vpc } = await ec2().send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
      const { GroupId } = await ec2().send(
        new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web', VpcId: Vpc!.VpcId }),
      );
      await ec2().send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
          ],
        }),
      );
      const f = at(
        { type: 'AWS::EC2::SecurityGroup', id: GroupId! },
        {
          openPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0' }],
        },
      );
      const { before, after } = await fix('ec2-revoke-world-open-ingress', f);
      expect(before.ok).toBe(false);
      expect(after.ok).toBe(true);
      const rules = (
        await ec2().send(
          new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [GroupId!] }] }),
        )
      ).SecurityGroupRules!.filter((r) => !r.IsEgress);
      expect(rules.map((r) => [r.FromPort, r.CidrIpv4])).toEqual([[443, '10.0.0.0/8']]);
    });

    it('ebs-snapshot-and-delete-volume keeps a tagged snapshot', async () => {
      const { VolumeId } = await ec2().send(
        new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 8 }),
      );
      const { before, after } = await fix(
        'ebs-snapshot-and-delete-volume',
        at({ type: 'AWS::EC2::Volume', id: VolumeId! }),
        {
          approvalId: 'apr_moto',
        },
      );
      expect(before.ok).toBe(false);
      expect(after).toEqual({ ok: true, message: 'The volume is deleted' });
      const snaps = await ec2().send(
        new DescribeSnapshotsCommand({ Filters: [{ Name: 'volume-id', Values: [VolumeId!] }] }),
      );
      expect(snaps.Snapshots).toHaveLength(1);
      expect(snaps.Snapshots![0]!.Tags).toEqual(
        expect.arrayContaining([{ Key: 'compliance-bot:approval', Value: 'apr_moto' }]),
      );
    });

    it('ec2-release-elastic-ip', async () => {
      const { AllocationId } = await ec2().send(new AllocateAddressCommand({ Domain: 'vpc' }));
      const { before, after } = await fix(
        'ec2-release-elastic-ip',
        at({ type: 'AWS::EC2::EIP', id: AllocationId! }),
      );
      expect(before.ok).toBe(false);
      expect(after.ok).toBe(true);
    });

    it('vpc-create-gateway-endpoints attaches S3 and DynamoDB endpoints to the route tables', async () => {
      const { Vpc } = await ec2().send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));
      await ec2().send(new CreateRouteTableCommand({ VpcId: Vpc!.VpcId }));
      const f = at({ type: 'AWS::EC2::NatGateway', id: 'nat-1' }, { vpcId: Vpc!.VpcId });
      const { before, plan, after } = await fix('vpc-create-gateway-endpoints', f);
      expect(before.ok).toBe(false);
      expect(plan).toHaveLength(2);
      expect((plan[0]!.input.RouteTableIds as string[]).length).toBeGreaterThanOrEqual(2); // main + created
      expect(after.ok).toBe(true);
    });

    it('tags-add-mandatory on an EC2 resource keeps existing tags', async () => {
      const { VolumeId } = await ec2().send(
        new CreateVolumeCommand({
          AvailabilityZone: 'us-east-1a',
          Size: 8,
          TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Owner', Value: 'data' }] }],
        }),
      );
      const f = at({ type: 'AWS::EC2::Volume', id: VolumeId! }, { missingTags: ['CostCenter'] });
      const { before, after } = await fix('tags-add-mandatory', f, {
        tagDefaults: { CostCenter: 'unassigned' },
      });
      expect(before.ok).toBe(false);
      expect(after.ok).toBe(true);
      const tags = await ec2().send(
        new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [VolumeId!] }] }),
      );
      expect(tags.Tags!.map((t) => `${t.Key}=${t.Value}`).sort()).toEqual([
        'CostCenter=unassigned',
        'Owner=data',
      ]);
    });
  });

  describe('KMS', () => {
    const kms = () => c(KMSClient);
    it('kms-enable-key-rotation', async () => {
      const { KeyMetadata } = await kms().send(new CreateKeyCommand({}));
      const { before, after } = await fix(
        'kms-enable-key-rotation',
        at({ type: 'AWS::KMS::Key', id: KeyMetadata!.KeyId! }),
      );
      expect(before.ok).toBe(false);
      expect(after.ok).toBe(true);
    });

    it('kms-cancel-key-deletion leaves the key enabled', async () => {
      const { KeyMetadata } = await kms().send(new CreateKeyCommand({}));
      await kms().send(
        new ScheduleKeyDeletionCommand({ KeyId: KeyMetadata!.KeyId!, PendingWindowInDays: 7 }),
      );
      const { before, after } = await fix(
        'kms-cancel-key-deletion',
        at({ type: 'AWS::KMS::Key', id: KeyMetadata!.KeyId! }),
      );
      expect(before).toEqual({ ok: false, message: 'The key is PendingDeletion' });
      expect(after.ok).toBe(true);
    });
  });

  describe('IAM', () => {
    const iam = () => c(IAMClient);
    it('iam-deactivate-access-key deactivates only that key, and deletes nothing', async () => {
      await iam().send(new CreateUserCommand({ UserName: 'ci' }));
      const a = (await iam().send(new CreateAccessKeyCommand({ UserName: 'ci' }))).AccessKey!.AccessKeyId!;
      const b = (await iam().send(new CreateAccessKeyCommand({ UserName: 'ci' }))).AccessKey!.AccessKeyId!;
      const f = at({ type: 'AWS::::Account', id: ACCOUNT }, { accessKeyId: a, userName: 'ci' });
      const { before, after } = await fix('iam-deactivate-access-key', f);
      expect(before.ok).toBe(false);
      expect(after.ok).toBe(true);
      const keys = (await iam().send(new ListAccessKeysCommand({ UserName: 'ci' }))).AccessKeyMetadata!;
      expect(Object.fromEntries(keys.map((k) => [k.AccessKeyId, k.Status]))).toEqual({
        [a]: 'Inactive',
        [b]: 'Active',
      });
    });

    it('iam-detach-administrator-access keeps the role’s other policies', async () => {
      await iam().send(
        new CreateRoleCommand({
          RoleName: 'ops',
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          }),
        }),
      );
      for (const arn of [
        'arn:aws:iam::aws:policy/AdministratorAccess',
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
      ]) {
        await iam().send(new AttachRolePolicyCommand({ RoleName: 'ops', PolicyArn: arn }));
      }
      const f = at(
        { type: 'AWS::IAM::Role', id: 'AROA1', name: 'ops' },
        { principalType: 'role', principalName: 'ops' },
      );
      const { before, after } = await fix('iam-detach-administrator-access', f);
      expect(before.ok).toBe(false);
      expect(after.ok).toBe(true);
      const left = (await iam().send(new ListAttachedRolePoliciesCommand({ RoleName: 'ops' })))
        .AttachedPolicies!;
      expect(left.map((p) => p.PolicyName)).toEqual(['ReadOnlyAccess']);
    });
  });

  it('cloudtrail-start-logging', async () => {
    await c(S3Client, { forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'trail-logs' }));
    const trails = c(CloudTrailClient);
    await trails.send(new CreateTrailCommand({ Name: 'org-trail', S3BucketName: 'trail-logs' }));
    expect((await trails.send(new GetTrailStatusCommand({ Name: 'org-trail' }))).IsLogging).toBe(false);
    const { after } = await fix(
      'cloudtrail-start-logging',
      at({ type: 'AWS::CloudTrail::Trail', id: 'org-trail' }, { trailName: 'org-trail' }),
    );
    expect(after).toEqual({ ok: true, message: 'The trail is logging' });
  });

  it('cloudtrail-enable-log-file-validation', async () => {
    await c(S3Client, { forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'trail-logs' }));
    await c(CloudTrailClient).send(new CreateTrailCommand({ Name: 'org-trail', S3BucketName: 'trail-logs' }));
    const { before, after } = await fix(
      'cloudtrail-enable-log-file-validation',
      at({ type: 'AWS::CloudTrail::Trail', id: 'org-trail' }, { trailName: 'org-trail' }),
    );
    expect(before.ok).toBe(false);
    expect(after.ok).toBe(true);
  });

  it('config-start-recorder', async () => {
    const config = c(ConfigServiceClient);
    await c(S3Client, { forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'config-logs' }));
    await config.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: {
          name: 'default',
          roleARN: `arn:aws:iam::${ACCOUNT}:role/config`,
          recordingGroup: { allSupported: true },
        },
      }),
    );
    await config.send(
      new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'config-logs' } }),
    );
    const { before, after } = await fix(
      'config-start-recorder',
      at({ type: 'AWS::Config::ConfigurationRecorder', id: 'default' }),
    );
    expect(before.ok).toBe(false);
    expect(after.ok).toBe(true);
  });

  it('guardduty-enable-detector creates a detector when none exists', async () => {
    const { before, after } = await fix(
      'guardduty-enable-detector',
      at({ type: 'AWS::::Account', id: ACCOUNT }),
    );
    expect(before.ok).toBe(false);
    expect(after.ok).toBe(true);
  });

  it('rds-enable-deletion-protection', async () => {
    const rds = c(RDSClient);
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'orders-db',
        DBInstanceClass: 'db.t3.micro',
        Engine: 'postgres',
        AllocatedStorage: 20,
        MasterUsername: 'admin_user',
        MasterUserPassword: 'not-a-real-password-1',
      }),
    );
    const { before, after } = await fix(
      'rds-enable-deletion-protection',
      at({ type: 'AWS::RDS::DBInstance', id: 'orders-db', name: 'orders-db' }),
    );
    expect(before.ok).toBe(false);
    expect(after.ok).toBe(true);
    const db = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders-db' })))
      .DBInstances![0]!;
    expect(db.DBInstanceClass).toBe('db.t3.micro');
  });
});
