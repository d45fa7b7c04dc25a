import { EC2Client } from '@aws-sdk/client-ec2';
import { GetBucketPolicyCommand, GetBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsRemediationExecutor, SERVICE_CLIENTS } from '../../functions/adapters/aws/remediation-executor';
import type { CallPrecondition, PlannedCall } from '../../functions/ports/remediation-executor';
import type { Finding } from '../../functions/rulebook/model/finding';
import { getRemediation } from '../../functions/rulebook/remediations/index';
import type { RemediationParams } from '../../functions/rulebook/remediations/remediation';
import { tlsOnlyStatement } from '../../functions/rulebook/remediations/s3-add-tls-only-policy';
import { CASES, finding } from './cases';
import { assumedRole } from './sts';

/**
 * The exact inputs (`writeInputs`) of PutBucketPolicy, PutBucketTagging, RevokeSecurityGroupIngress,
 * CreateVpcEndpoint and CreateSnapshot, tested as ESLint's RuleTester tests a rule: every `valid`
 * input is what the remediation's own plan produces, and the executor sends it as planned; every
 * `invalid` one is a forged variant of a valid call (same call, same precondition, another input),
 * which the executor refuses with `CallNotAllowedError` before it assumes a role or sends anything.
 * For the two writes that carry the resource's state along (a whole bucket policy or tag set),
 * `invalidForRead` inputs pass the schema but are not what the plan makes of the precondition's
 * re-read: refused after that read, before the write.
 */

interface Valid {
  label: string;
  finding: Finding;
  params: RemediationParams;
  /** Outputs of the `prepare` reads (also what the precondition re-read returns). */
  prepared?: unknown[];
}

interface Invalid {
  label: string;
  /** The forged input, from the input the first valid case's plan produces. */
  input?: (planned: Record<string, unknown>) => Record<string, unknown>;
  /** The forged precondition, from the planned one (unchanged when absent). */
  precondition?: (planned: CallPrecondition) => CallPrecondition | undefined;
  /** What the refusal says, when not that the input is not the remediation's. */
  message?: string;
}

interface Table {
  id: string;
  operation: string;
  valid: Valid[];
  invalid: Invalid[];
  invalidForRead?: Invalid[];
}

const target = { accountId: '111122223333', region: 'eu-west-1', approvalId: 'apr_write_inputs' };
const sts = new STSClient({ region: 'eu-west-1' });
const stsMock = mockClient(sts);
const s3 = mockClient(S3Client);
const ec2 = mockClient(EC2Client);

beforeEach(() => {
  stsMock.reset();
  s3.reset();
  ec2.reset();
  stsMock.on(AssumeRoleCommand).resolves(assumedRole());
});

const casesOf = (id: string): Valid[] => CASES.filter((c) => c.id === id);
const volume = finding({
  resource: { type: 'AWS::EC2::Volume', id: 'vol-0abc', accountId: '111122223333', region: 'eu-west-1' },
});
const existingPolicy = JSON.parse(
  String((casesOf('s3-add-tls-only-policy')[0]!.prepared![0] as { Policy: string }).Policy),
);
const tls = tlsOnlyStatement('arn:aws:s3:::acme-data');
const policy = (statements: unknown[]) => JSON.stringify({ ...existingPolicy, Statement: statements });
const withPolicy = (statements: unknown[]) => (p: Record<string, unknown>) => ({
  ...p,
  Policy: policy(statements),
});
const withTagSet = (TagSet: unknown[]) => (p: Record<string, unknown>) => ({ ...p, Tagging: { TagSet } });
const noPrecondition: Invalid = {
  label: 'no precondition read to check the state it carries against',
  precondition: () => undefined,
  message: 'no precondition read',
};
const otherBucket = (pre: CallPrecondition): CallPrecondition => ({
  ...pre,
  read: { ...pre.read, input: { Bucket: 'other-bucket' } },
});
const permissions = (IpPermissions: unknown[]) => (p: Record<string, unknown>) => ({
  GroupId: p.GroupId,
  IpPermissions,
});
const ssh = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22 };
/** The first (only) tag specification of a planned CreateSnapshot, with other tags. */
const snapshotTags = (
  p: Record<string, unknown>,
  tags: (planned: Array<Record<string, string>>) => unknown[],
) => {
  const [spec] = p.TagSpecifications as Array<{ ResourceType: string; Tags: Array<Record<string, string>> }>;
  return { ...p, TagSpecifications: [{ ...spec, Tags: tags(spec!.Tags) }] };
};

const TABLES: Table[] = [
  {
    id: 's3-add-tls-only-policy',
    operation: 'PutBucketPolicy',
    valid: [
      ...casesOf('s3-add-tls-only-policy'),
      {
        label: 'no policy yet (NoSuchBucketPolicy)',
        finding: finding(),
        params: {},
        prepared: [{ $error: 'NoSuchBucketPolicy' }],
      },
      {
        label: 'aws-cn partition, a policy with one statement object instead of a list',
        finding: finding({
          resource: {
            type: 'AWS::S3::Bucket',
            id: 'acme-cn',
            name: 'acme-cn',
            arn: 'arn:aws-cn:s3:::acme-cn',
            accountId: '111122223333',
            region: 'cn-north-1',
          },
        }),
        params: {},
        prepared: [
          { Policy: JSON.stringify({ Version: '2012-10-17', Statement: existingPolicy.Statement[0] }) },
        ],
      },
    ],
    invalid: [
      { label: 'a policy without the TLS-only statement', input: withPolicy(existingPolicy.Statement) },
      {
        label: 'the statement allowing instead of denying',
        input: withPolicy([...existingPolicy.Statement, { ...tls, Effect: 'Allow' }]),
      },
      {
        label: 'the statement denying TLS requests instead',
        input: withPolicy([
          ...existingPolicy.Statement,
          { ...tls, Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
        ]),
      },
      {
        label: "the statement for another bucket's ARN",
        input: withPolicy([...existingPolicy.Statement, tlsOnlyStatement('arn:aws:s3:::other-bucket')]),
      },
      {
        label: 'the statement with an exception (NotPrincipal)',
        input: withPolicy([
          ...existingPolicy.Statement,
          { ...tls, NotPrincipal: { AWS: 'arn:aws:iam::999999999999:root' } },
        ]),
      },
      {
        label: 'the statement followed by another one',
        input: withPolicy([
          ...existingPolicy.Statement,
          tls,
          { Effect: 'Allow', Principal: '*', Action: 's3:*' },
        ]),
      },
      {
        label: 'a Statement that is not a list',
        input: (p) => ({ ...p, Policy: JSON.stringify({ Statement: tls }) }),
      },
      { label: 'a policy that is not JSON', input: (p) => ({ ...p, Policy: `${String(p.Policy)}}` }) },
      {
        label: 'ConfirmRemoveSelfBucketAccess',
        input: (p) => ({ ...p, ConfirmRemoveSelfBucketAccess: true }),
      },
      { label: 'ExpectedBucketOwner', input: (p) => ({ ...p, ExpectedBucketOwner: '111122223333' }) },
      { label: 'no Bucket', input: (p) => ({ Policy: p.Policy }) },
      noPrecondition,
    ],
    invalidForRead: [
      {
        label: 'another statement slipped in before the TLS-only one',
        input: withPolicy([
          ...existingPolicy.Statement,
          { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-data/*' },
          tls,
        ]),
      },
      { label: 'the existing statements dropped', input: withPolicy([tls]) },
      {
        label: 'an existing statement changed',
        input: withPolicy([{ ...existingPolicy.Statement[0], Principal: '*' }, tls]),
      },
      {
        label: 'the existing Version changed',
        input: (p) => ({
          ...p,
          Policy: JSON.stringify({
            ...existingPolicy,
            Version: '2008-10-17',
            Statement: [...existingPolicy.Statement, tls],
          }),
        }),
      },
      { label: "the precondition reading another bucket's policy", precondition: otherBucket },
    ],
  },
  {
    id: 'tags-add-mandatory',
    operation: 'PutBucketTagging',
    valid: [
      ...casesOf('tags-add-mandatory').filter((c) => c.label === 's3'),
      {
        label: 'a bucket without tags (NoSuchTagSet)',
        finding: finding({ evidence: { missingTags: ['CostCenter'] } }),
        params: { tagDefaults: { CostCenter: '' } },
        prepared: [{ $error: 'NoSuchTagSet' }],
      },
    ],
    invalid: [
      { label: 'ExpectedBucketOwner', input: (p) => ({ ...p, ExpectedBucketOwner: '111122223333' }) },
      { label: 'a checksum algorithm', input: (p) => ({ ...p, ChecksumAlgorithm: 'SHA256' }) },
      { label: 'an empty tag set (deletes every tag)', input: withTagSet([]) },
      {
        label: 'the same key twice',
        input: withTagSet([
          { Key: 'Owner', Value: 'data-team' },
          { Key: 'Owner', Value: 'someone-else' },
        ]),
      },
      { label: 'a tag without a key', input: withTagSet([{ Key: '', Value: 'x' }]) },
      { label: 'a tag with another field', input: withTagSet([{ Key: 'Owner', Value: 'x', Extra: 'y' }]) },
      {
        label: 'more than 50 tags',
        input: withTagSet(Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))),
      },
      {
        label: 'another field in Tagging',
        input: (p) => ({ ...p, Tagging: { ...(p.Tagging as object), Other: 1 } }),
      },
      noPrecondition,
    ],
    invalidForRead: [
      {
        label: 'an existing tag changed',
        input: withTagSet([
          { Key: 'Owner', Value: 'someone-else' },
          { Key: 'CostCenter', Value: 'unassigned' },
        ]),
      },
      { label: 'an existing tag dropped', input: withTagSet([{ Key: 'CostCenter', Value: 'unassigned' }]) },
      {
        label: 'an existing tag moved after the added ones',
        input: withTagSet([
          { Key: 'CostCenter', Value: 'unassigned' },
          { Key: 'Owner', Value: 'data-team' },
        ]),
      },
      { label: 'nothing added', input: withTagSet([{ Key: 'Owner', Value: 'data-team' }]) },
      { label: "the precondition reading another bucket's tags", precondition: otherBucket },
    ],
  },
  {
    id: 'ec2-revoke-world-open-ingress',
    operation: 'RevokeSecurityGroupIngress',
    valid: casesOf('ec2-revoke-world-open-ingress'),
    invalid: [
      {
        label: 'an IPv4 rule that is not world-open',
        input: permissions([{ ...ssh, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }]),
      },
      {
        label: 'an IPv6 rule that is not world-open',
        input: permissions([{ ...ssh, Ipv6Ranges: [{ CidrIpv6: '2001:db8::/32' }] }]),
      },
      {
        label: 'a world-open range next to another one in the same permission',
        input: permissions([{ ...ssh, IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: '10.0.0.0/8' }] }]),
      },
      {
        label: 'a permission with both an IPv4 and an IPv6 range',
        input: permissions([
          { ...ssh, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
        ]),
      },
      {
        label: 'a rule referencing a security group',
        input: permissions([{ ...ssh, UserIdGroupPairs: [{ GroupId: 'sg-0bastion' }] }]),
      },
      {
        label: 'a rule referencing a prefix list',
        input: permissions([{ ...ssh, PrefixListIds: [{ PrefixListId: 'pl-0corp' }] }]),
      },
      {
        label: 'a world-open range with a description to match',
        input: permissions([{ ...ssh, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'x' }] }]),
      },
      { label: 'no permission at all', input: permissions([]) },
      {
        label: 'the legacy top-level form (CidrIp)',
        input: (p) => ({ GroupId: p.GroupId, IpProtocol: '-1', CidrIp: '10.0.0.0/8' }),
      },
      {
        label: 'GroupName instead of GroupId',
        input: (p) => ({ GroupName: 'default', SecurityGroupRuleIds: p.SecurityGroupRuleIds }),
      },
      {
        label: 'rule ids and permissions together',
        input: (p) => ({ ...p, IpPermissions: [{ ...ssh, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }),
      },
      { label: 'an empty list of rule ids', input: (p) => ({ ...p, SecurityGroupRuleIds: [] }) },
      { label: 'DryRun', input: (p) => ({ ...p, DryRun: false }) },
    ],
  },
  {
    id: 'vpc-create-gateway-endpoints',
    operation: 'CreateVpcEndpoint',
    valid: casesOf('vpc-create-gateway-endpoints'),
    invalid: [
      {
        label: 'an Interface endpoint',
        input: (p) => ({
          VpcId: p.VpcId,
          ServiceName: p.ServiceName,
          VpcEndpointType: 'Interface',
          SubnetIds: ['subnet-1'],
        }),
      },
      {
        label: 'an Interface endpoint keeping the route tables',
        input: (p) => ({ ...p, VpcEndpointType: 'Interface' }),
      },
      {
        label: 'a GatewayLoadBalancer endpoint',
        input: (p) => ({ ...p, VpcEndpointType: 'GatewayLoadBalancer' }),
      },
      { label: 'no endpoint type (defaults to Interface)', input: ({ VpcEndpointType: _t, ...p }) => p },
      { label: 'another AWS service', input: (p) => ({ ...p, ServiceName: 'com.amazonaws.eu-west-1.ec2' }) },
      {
        label: 'an endpoint service (PrivateLink)',
        input: (p) => ({ ...p, ServiceName: 'com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0' }),
      },
      {
        label: 'a service name extending s3',
        input: (p) => ({ ...p, ServiceName: `${String(p.ServiceName)}-outposts` }),
      },
      {
        label: 'an endpoint policy',
        input: (p) => ({
          ...p,
          PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: '*' }] }),
        }),
      },
      { label: 'private DNS', input: (p) => ({ ...p, PrivateDnsEnabled: true }) },
      {
        label: 'tags',
        input: (p) => ({ ...p, TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [] }] }),
      },
      { label: 'no route table', input: (p) => ({ ...p, RouteTableIds: [] }) },
    ],
  },
  {
    id: 'ebs-snapshot-and-delete-volume',
    operation: 'CreateSnapshot',
    valid: [
      ...casesOf('ebs-snapshot-and-delete-volume'),
      { label: 'no approval id (local run)', finding: volume, params: {} },
    ],
    invalid: [
      {
        label: 'an Outpost',
        input: (p) => ({ ...p, OutpostArn: 'arn:aws:outposts:eu-west-1:111122223333:outpost/op-1' }),
      },
      { label: 'a local snapshot (Location)', input: (p) => ({ ...p, Location: 'local' }) },
      { label: 'DryRun', input: (p) => ({ ...p, DryRun: false }) },
      {
        label: 'the description of another volume',
        input: (p) => ({ ...p, Description: String(p.Description).replace('vol-0abc', 'vol-0other') }),
      },
      { label: 'another description', input: (p) => ({ ...p, Description: 'keep me' }) },
      { label: 'no tag specification', input: ({ TagSpecifications: _t, ...p }) => p },
      {
        label: 'the source tag naming another volume',
        input: (p) => snapshotTags(p, ([source, ...rest]) => [{ ...source, Value: 'vol-0other' }, ...rest]),
      },
      {
        label: 'an extra tag',
        input: (p) => snapshotTags(p, (tags) => [...tags, { Key: 'Owner', Value: 'x' }]),
      },
      {
        label: 'the approval tag twice',
        input: (p) => snapshotTags(p, (tags) => [...tags, tags[1]]),
      },
      {
        label: 'another tag in place of the approval tag',
        input: (p) => snapshotTags(p, ([source]) => [source, { Key: 'Owner', Value: 'x' }]),
      },
      { label: 'the tags in the other order', input: (p) => snapshotTags(p, (tags) => [...tags].reverse()) },
      { label: 'no tag', input: (p) => snapshotTags(p, () => []) },
      {
        label: 'two tag specifications',
        input: (p) => ({
          ...p,
          TagSpecifications: [...(p.TagSpecifications as object[]), ...(p.TagSpecifications as object[])],
        }),
      },
      {
        label: 'tags for another resource type',
        input: (p) => ({
          ...p,
          TagSpecifications: [{ ...(p.TagSpecifications as object[])[0], ResourceType: 'volume' }],
        }),
      },
    ],
  },
];

function planFor(table: Table, c: Valid): PlannedCall[] {
  return getRemediation(table.id)!.plan(c.finding, {
    ...c.params,
    ...(c.prepared ? { prepared: c.prepared } : {}),
  });
}

/** The mocked client that would receive `call`, and the SDK command class of `call`. */
async function commandOf(call: PlannedCall) {
  const module = (await SERVICE_CLIENTS[call.service]!.load()) as Record<string, unknown>;
  return { mock: call.service === 'S3' ? s3 : ec2, Command: module[`${call.operation}Command`] as never };
}

describe.each(TABLES)('$operation ($id): exact input', (table) => {
  const writer = () => new AwsRemediationExecutor({ roleName: 'compliance-bot-remediation', sts });

  it.each(table.valid)('valid: $label is sent as planned', async (c) => {
    // Prepare: the precondition re-read (if any) returns what the plan was built from.
    const plan = planFor(table, c);
    expect(plan.map((call) => call.operation)).toContain(table.operation);
    const before = c.prepared?.[0] as { $error?: string } | undefined;
    for (const Read of [GetBucketPolicyCommand, GetBucketTaggingCommand] as never[]) {
      if (before?.$error) s3.on(Read).rejects(Object.assign(new Error('none'), { name: before.$error }));
      else s3.on(Read).resolves((before ?? {}) as never);
    }
    // Act
    await writer().execute({ ...target, remediationId: table.id }, plan);
    // Assess
    for (const call of plan) {
      const { mock, Command } = await commandOf(call);
      expect(mock).toHaveReceivedCommandWith(Command, call.input as never);
    }
  });

  it.each(table.invalid)('invalid: $label is refused before any call', async (invalid) => {
    // Act
    const run = writer().execute({ ...target, remediationId: table.id }, [forged(table, invalid)]);
    // Assess
    await expect(run).rejects.toMatchObject({
      name: 'CallNotAllowedError',
      message: expect.stringContaining(invalid.message ?? 'is not the one the remediation produces'),
    });
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
    expect(s3.calls()).toHaveLength(0);
    expect(ec2.calls()).toHaveLength(0);
  });

  it.each(table.invalidForRead ?? [])(
    'invalid: $label is refused after the re-read, before the write',
    async (invalid) => {
      // Prepare: the re-read returns the state the plan was built from (not stale)
      const call = forged(table, invalid);
      const read = call.precondition!.read;
      const { Command: Read } = await commandOf(read as PlannedCall);
      s3.on(Read).resolves(table.valid[0]!.prepared![0] as never);
      // Act
      const run = writer().execute({ ...target, remediationId: table.id }, [call]);
      // Assess
      await expect(run).rejects.toMatchObject({
        name: 'CallNotAllowedError',
        message: expect.stringContaining('is not what the remediation makes of'),
      });
      expect(s3.calls().map((c) => c.args[0].constructor.name)).toEqual([`${read.operation}Command`]);
    },
  );
});

/** The first valid plan's call of the table's operation, forged as `invalid` says. */
function forged(table: Table, invalid: Invalid): PlannedCall {
  const planned = planFor(table, table.valid[0]!).find((call) => call.operation === table.operation)!;
  const { precondition, ...call } = planned;
  const pre = precondition && (invalid.precondition ? invalid.precondition(precondition) : precondition);
  return {
    ...call,
    input: invalid.input ? invalid.input(planned.input) : planned.input,
    ...(pre ? { precondition: pre } : {}),
  };
}

describe('what the executor cannot know (documented limits, pinned so that closing one updates this)', () => {
  const shape = (id: string, operation: string) => getRemediation(id)!.writeInputs![operation]!;

  it('RevokeSecurityGroupIngress: rule ids are opaque (any rule of the group can be named)', () => {
    const input = { GroupId: 'sg-0123456789abcdef0', SecurityGroupRuleIds: ['sgr-0internal'] };
    expect(
      shape('ec2-revoke-world-open-ingress', 'RevokeSecurityGroupIngress').safeParse(input).success,
    ).toBe(true);
  });

  it('PutBucketTagging: the added tags are any new keys (the mandatory keys and defaults are config)', () => {
    const isPlanned = getRemediation('tags-add-mandatory')!.writeMatchesRead!.PutBucketTagging!;
    const read = {
      service: 'S3',
      operation: 'GetBucketTagging',
      input: { Bucket: 'acme-data' },
      iamAction: 's3:GetBucketTagging',
    };
    const input = {
      Bucket: 'acme-data',
      Tagging: {
        TagSet: [
          { Key: 'Owner', Value: 'data-team' },
          { Key: 'Anything', Value: 'x' },
        ],
      },
    };
    expect(isPlanned(input, read, { TagSet: [{ Key: 'Owner', Value: 'data-team' }] })).toBe(true);
  });
});
