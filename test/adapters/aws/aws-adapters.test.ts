import 'aws-sdk-client-mock-vitest/extend';
import {
  ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  ResourceNotDiscoveredException,
} from '@aws-sdk/client-config-service';
import {
  DescribeOrganizationalUnitCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigHistoryItemSource,
  memberAccountConfigClients,
} from '../../../functions/adapters/aws/config-item-source';
import { OrganizationsAccountDirectory } from '../../../functions/adapters/aws/organizations-directory';
import { S3ReportStore } from '../../../functions/adapters/aws/s3-report-store';
import { StepFunctionsCallbacks } from '../../../functions/adapters/aws/sfn-callbacks';
import { SnsNotifier, snsPublishInput } from '../../../functions/adapters/aws/sns-notifier';
import type { StoredFinding } from '../../../functions/ports/findings-store';
import { normalizeConfigItem } from '../../../functions/rulebook/normalizers/load';
import { TransientError } from '../../../functions/shared/errors';

const publicReadPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b1/*',
    },
  ],
};

const region = 'eu-west-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('ConfigHistoryItemSource', () => {
  const config = mockClient(ConfigServiceClient);
  beforeEach(() => config.reset());
  const source = new ConfigHistoryItemSource(new ConfigServiceClient({ region, credentials }));

  it('asks for the newest item at or before the capture time and converts the API model', async () => {
    // API model (GetResourceConfigHistory): accountId/arn, configuration as a JSON string.
    config.on(GetResourceConfigHistoryCommand).resolves({
      configurationItems: [
        {
          resourceType: 'AWS::S3::Bucket',
          resourceId: 'b1',
          accountId: '111122223333',
          awsRegion: region,
          arn: 'arn:aws:s3:::b1',
          configurationItemStatus: 'OK',
          configurationItemCaptureTime: new Date('2025-06-10T09:20:01.114Z'),
          configuration: '{"name":"b1"}',
          // The API model carries every supplementary value as JSON text.
          supplementaryConfiguration: {
            BucketPolicy: JSON.stringify({ policyText: JSON.stringify(publicReadPolicy) }),
          },
          tags: {},
          relationships: [],
        },
      ],
    });
    const item = await source.latest(
      'AWS::S3::Bucket',
      'b1',
      '111122223333',
      region,
      '2025-06-10T09:20:01.114Z',
    );
    expect(config).toHaveReceivedCommandWith(GetResourceConfigHistoryCommand, {
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'b1',
      laterTime: new Date('2025-06-10T09:20:01.114Z'),
      limit: 1,
    });
    expect(item).toMatchObject({
      resourceId: 'b1',
      ARN: 'arn:aws:s3:::b1',
      awsAccountId: '111122223333',
      configuration: { name: 'b1' },
      configurationItemCaptureTime: '2025-06-10T09:20:01.114Z',
    });
    // Normalize and Verify convert the returned item again: nothing of it may be lost on the way.
    const bucket = normalizeConfigItem(item) as unknown as { policy: { statements: unknown[] } };
    expect(bucket.policy.statements).toHaveLength(1);
  });

  it('returns undefined for a resource Config never recorded; throttling is transient', async () => {
    config
      .on(GetResourceConfigHistoryCommand)
      .rejects(new ResourceNotDiscoveredException({ message: 'no', $metadata: {} }));
    expect(await source.latest('AWS::S3::Bucket', 'gone', '1', region)).toBeUndefined();
    config
      .on(GetResourceConfigHistoryCommand)
      .rejects(Object.assign(new Error('rate'), { name: 'ThrottlingException' }));
    await expect(source.latest('AWS::S3::Bucket', 'b1', '1', region)).rejects.toBeInstanceOf(TransientError);
  });
});

describe('OrganizationsAccountDirectory', () => {
  const org = mockClient(OrganizationsClient);
  beforeEach(() => org.reset());

  it('pages ListAccounts once, caches it, and resolves the parent OU name', async () => {
    org
      .on(ListAccountsCommand)
      .resolvesOnce({ Accounts: [{ Id: '111122223333', Name: 'prod' }], NextToken: 't' })
      .resolvesOnce({ Accounts: [{ Id: '444455556666', Name: 'security' }] });
    org.on(ListParentsCommand).resolves({ Parents: [{ Id: 'ou-a1b2-prod', Type: 'ORGANIZATIONAL_UNIT' }] });
    org
      .on(DescribeOrganizationalUnitCommand)
      .resolves({ OrganizationalUnit: { Id: 'ou-a1b2-prod', Name: 'Production' } });
    const dir = new OrganizationsAccountDirectory(
      new OrganizationsClient({ region: 'us-east-1', credentials }),
    );
    expect(await dir.describe('111122223333')).toEqual({
      accountId: '111122223333',
      name: 'prod',
      organizationalUnit: 'Production',
      organizationalUnitId: 'ou-a1b2-prod',
    });
    await dir.describe('111122223333');
    expect(org).toHaveReceivedCommandTimes(ListAccountsCommand, 2);
    expect(org).toHaveReceivedCommandTimes(ListParentsCommand, 1);
    expect(org).toHaveReceivedCommandWith(ListAccountsCommand, { NextToken: 't' });
  });

  it('lists every account with its direct OU by walking the tree (two calls per OU, not per account), pages included', async () => {
    org.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-a1b2', Name: 'Root' }] });
    org
      .on(ListAccountsForParentCommand, { ParentId: 'r-a1b2' })
      .resolves({ Accounts: [{ Id: '999988887777', Name: 'management' }] });
    org
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: 'r-a1b2' })
      .resolves({ OrganizationalUnits: [{ Id: 'ou-a1b2-prod', Name: 'Production' }] });
    org
      .on(ListAccountsForParentCommand, { ParentId: 'ou-a1b2-prod' })
      .resolvesOnce({ Accounts: [{ Id: '444455556666', Name: 'prod-b' }], NextToken: 'more' })
      .resolvesOnce({ Accounts: [{ Id: '111122223333', Name: 'prod-a' }] });
    org
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-a1b2-prod' })
      .resolves({ OrganizationalUnits: [{ Id: 'ou-a1b2-pay', Name: 'Payments' }] });
    org
      .on(ListAccountsForParentCommand, { ParentId: 'ou-a1b2-pay' })
      .resolves({ Accounts: [{ Id: '222233334444', Name: 'payments' }] });
    org.on(ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-a1b2-pay' }).resolves({});
    const dir = new OrganizationsAccountDirectory(
      new OrganizationsClient({ region: 'us-east-1', credentials }),
    );
    expect(await dir.list()).toEqual([
      {
        accountId: '111122223333',
        name: 'prod-a',
        organizationalUnit: 'Production',
        organizationalUnitId: 'ou-a1b2-prod',
      },
      {
        accountId: '222233334444',
        name: 'payments',
        organizationalUnit: 'Payments',
        organizationalUnitId: 'ou-a1b2-pay',
      },
      {
        accountId: '444455556666',
        name: 'prod-b',
        organizationalUnit: 'Production',
        organizationalUnitId: 'ou-a1b2-prod',
      },
      { accountId: '999988887777', name: 'management' },
    ]);
    expect(org).toHaveReceivedCommandWith(ListAccountsForParentCommand, {
      ParentId: 'ou-a1b2-prod',
      NextToken: 'more',
    });
    expect(org).toHaveReceivedCommandTimes(ListParentsCommand, 0);
    await dir.list();
    expect(org).toHaveReceivedCommandTimes(ListRootsCommand, 1);
  });

  it('refreshes after the cache time', async () => {
    org.on(ListAccountsCommand).resolves({ Accounts: [] });
    org.on(ListRootsCommand).resolves({ Roots: [] });
    org.on(ListParentsCommand).resolves({ Parents: [{ Id: 'r-root', Type: 'ROOT' }] });
    let clock = 0;
    const dir = new OrganizationsAccountDirectory(
      new OrganizationsClient({ region: 'us-east-1', credentials }),
      1000,
      () => clock,
    );
    await dir.describe('1');
    await dir.list();
    clock = 2000;
    await dir.describe('1');
    await dir.list();
    expect(org).toHaveReceivedCommandTimes(ListAccountsCommand, 2);
    expect(org).toHaveReceivedCommandTimes(ListRootsCommand, 2);
    expect(await dir.describe('1')).toEqual({ accountId: '1' });
  });
});

const stored: StoredFinding = {
  id: 'f1',
  ruleId: 's3-bucket-blocks-public-access',
  title: 'S3 buckets block public access',
  pillar: 'security',
  severity: 'high',
  resource: { type: 'AWS::S3::Bucket', id: 'b1', accountId: '111122223333', region },
  message: 'Block Public Access is off',
  evidence: {},
  rationale: 'r',
  recommendation: 'Turn it on',
  expectedImpact: 'e',
  source: 'config',
  seed: { seed: '001', section: 'S3' },
  references: {},
  observedAt: '2026-11-18T10:00:00Z',
  status: 'open',
  firstSeenAt: '2026-11-18T10:00:00Z',
  lastSeenAt: '2026-11-18T10:00:00Z',
  fingerprint: 'fp',
};

describe('SnsNotifier', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());
  const notifier = new SnsNotifier(
    new SNSClient({ region, credentials }),
    'arn:aws:sns:eu-west-1:444455556666:findings',
  );

  it('publishes a readable subject/body with filterable message attributes', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });
    await notifier.notify([{ kind: 'opened', finding: stored }]);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: 'arn:aws:sns:eu-west-1:444455556666:findings',
      Subject: expect.stringMatching(/^\[HIGH\] S3 buckets block public access/),
      Message: expect.stringContaining('Turn it on'),
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'high' },
        pillar: { DataType: 'String', StringValue: 'security' },
        accountId: { DataType: 'String', StringValue: '111122223333' },
        ruleId: { DataType: 'String', StringValue: 's3-bucket-blocks-public-access' },
        status: { DataType: 'String', StringValue: 'open' },
        kind: { DataType: 'String', StringValue: 'opened' },
      },
    });
  });

  it('marks resolutions and keeps subjects within SNS limits', async () => {
    sns.on(PublishCommand).resolves({});
    await notifier.notify([{ kind: 'resolved', finding: stored }]);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      MessageAttributes: expect.objectContaining({ status: { DataType: 'String', StringValue: 'resolved' } }),
    });
    const long = snsPublishInput(
      { kind: 'opened', finding: { ...stored, title: `é${'x'.repeat(200)}\n` } },
      undefined,
      'arn:aws:sns:eu-west-1:111122223333:t',
    ).Subject;
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long).toMatch(/^[\x20-\x7E]+$/);
  });

  it('a throttled publish is transient (retried by the state machine)', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('throttled'), { name: 'Throttling' }));
    await expect(notifier.notify([{ kind: 'opened', finding: stored }])).rejects.toBeInstanceOf(
      TransientError,
    );
  });
});

describe('StepFunctionsCallbacks', () => {
  const sfn = mockClient(SFNClient);
  beforeEach(() => sfn.reset());
  const callbacks = new StepFunctionsCallbacks(new SFNClient({ region, credentials }));

  it('sends the decision as JSON output, or the rejection as an error name the ASL catches', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    sfn.on(SendTaskFailureCommand).resolves({});
    await callbacks.succeed('tok', { decision: 'approved' });
    await callbacks.fail('tok2', 'Remediation.Rejected', 'rejected by U1');
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken: 'tok',
      output: '{"decision":"approved"}',
    });
    expect(sfn).toHaveReceivedCommandWith(SendTaskFailureCommand, {
      taskToken: 'tok2',
      error: 'Remediation.Rejected',
      cause: 'rejected by U1',
    });
  });
});

describe('S3ReportStore', () => {
  const s3 = mockClient(S3Client);
  beforeEach(() => s3.reset());

  it('writes with SSE-KMS and the bucket key; links are presigned and capped at 7 days', async () => {
    s3.on(PutObjectCommand).resolves({});
    const store = new S3ReportStore(
      new S3Client({ region, credentials }),
      'reports-bucket',
      'arn:aws:kms:eu-west-1:444455556666:key/k1',
    );
    await store.put([{ key: 'reports/2026-W47/summary.md', body: '# hi', contentType: 'text/markdown' }]);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'reports-bucket',
      Key: 'reports/2026-W47/summary.md',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'arn:aws:kms:eu-west-1:444455556666:key/k1',
      BucketKeyEnabled: true,
      ContentType: 'text/markdown',
    });
    const link = (await store.linkTo('reports/2026-W47/summary.md', 30 * 86_400)).url;
    expect(link).toContain('https://reports-bucket.s3.eu-west-1.amazonaws.com/reports/2026-W47/summary.md');
    expect(link).toContain('X-Amz-Expires=604800');
  });
});

describe('memberAccountConfigClients', () => {
  const sts = mockClient(STSClient);
  const config = mockClient(ConfigServiceClient);
  beforeEach(() => {
    sts.reset();
    config.reset();
  });

  it('reads a member account history through its read-only role, caching the credentials', async () => {
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'AK',
        SecretAccessKey: 'SK',
        SessionToken: 'ST',
        Expiration: new Date(Date.now() + 900_000),
      },
    });
    config.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [] });
    const source = new ConfigHistoryItemSource(
      memberAccountConfigClients(new STSClient({ region, credentials }), 'compliance-bot-config-read', {
        homeAccountId: '444455556666',
      }),
    );
    await source.latest('AWS::S3::Bucket', 'b1', '111122223333', region);
    await source.latest('AWS::S3::Bucket', 'b2', '111122223333', region);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: 'arn:aws:iam::111122223333:role/compliance-bot-config-read',
    });
    await source.latest('AWS::S3::Bucket', 'b3', '444455556666', region);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    expect(config).toHaveReceivedCommandTimes(GetResourceConfigHistoryCommand, 3);
  });
});
