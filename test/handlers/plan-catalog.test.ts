import { EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it, vi } from 'vitest';
import { AwsRemediationReader } from '../../functions/adapters/aws/remediation-reader';
import { createTask } from '../../functions/handlers/plan/handler';
import { catalogVerifier } from '../../functions/handlers/verify/handler';
import type { StoredFinding } from '../../functions/ports/findings-store';
import type { PlannedCall } from '../../functions/ports/remediation-executor';
import { RemediationPlanError, remediationReadActions } from '../../functions/rulebook/remediations/index';
import { catalogPlanner, targetOf } from '../../functions/shared/remediation-plan';
import { MemoryApprovals } from '../approvals/memory';

const finding = (remediation: string | undefined, evidence: Record<string, unknown> = {}) =>
  ({
    id: 'f-sg',
    ruleId: 'ec2-security-group-opened-to-world',
    title: 'Security group ingress is not opened to the whole internet',
    pillar: 'security',
    severity: 'critical',
    resource: {
      type: 'AWS::EC2::SecurityGroup',
      id: 'sg-0a1b2c3d4e5f60718',
      accountId: '111122223333',
      region: 'eu-west-1',
    },
    message: 'opened to the world',
    evidence,
    ...(remediation ? { remediation } : {}),
    observedAt: '2025-06-10T10:02:09Z',
    status: 'open',
    firstSeenAt: '2025-06-10T10:02:09Z',
    lastSeenAt: '2025-06-10T10:02:09Z',
    fingerprint: 'abc',
    rationale: 'r',
    recommendation: 'r',
    expectedImpact: 'r',
    source: 'cloudtrail',
    seed: { seed: '000', section: 's' },
  }) as unknown as StoredFinding;

const executor = () => ({
  execute: vi.fn(async (_t: unknown, calls: readonly PlannedCall[]) =>
    calls.map((call) => ({ call, output: { SecurityGroupRules: [] } })),
  ),
});

describe('plan with the remediation catalog', () => {
  it('plans the catalog entry: title as summary, the target account, the exact calls', async () => {
    const plan = createTask({
      findings: { markRemediationStarted: async () => {} },
      approvals: new MemoryApprovals(),
      planner: catalogPlanner({ executor: executor() }),
      approvalTimeoutSeconds: 60,
      remediationEnabled: true,
    });
    const out = await plan({
      finding: finding('ec2-revoke-world-open-ingress', {
        groupId: 'sg-0a1b2c3d4e5f60718',
        securityGroupRuleIds: ['sgr-1'],
      }),
      executionId: 'arn:aws:states:eu-west-1:111122223333:execution:x:y',
    });
    expect(out.plan).toEqual({
      remediationId: 'ec2-revoke-world-open-ingress',
      summary: 'Revoke the world-open ingress rules of the security group',
      target: { accountId: '111122223333', region: 'eu-west-1', approvalId: out.approvalId },
      calls: [
        {
          service: 'EC2',
          operation: 'RevokeSecurityGroupIngress',
          input: { GroupId: 'sg-0a1b2c3d4e5f60718', SecurityGroupRuleIds: ['sgr-1'] },
          iamAction: 'ec2:RevokeSecurityGroupIngress',
        },
      ],
    });
    expect(out.plan.placeholder).toBeUndefined();
  });

  it.each([
    ['an unknown remediation id', 'no-such-fix'],
    ['no remediation at all', undefined],
  ])('refuses %s with RemediationPlanError (no placeholder plan)', async (_label, id) => {
    const planner = catalogPlanner({ executor: executor() });
    await expect(planner(finding(id), { approvalId: 'a1' })).rejects.toBeInstanceOf(RemediationPlanError);
  });

  it("marks the notice's remediation started before planning; a run started by hand (no notice) marks nothing", async () => {
    // Prepare
    const markRemediationStarted = vi.fn(async () => {});
    const plan = createTask({
      findings: { markRemediationStarted },
      approvals: new MemoryApprovals(),
      // Even a plan that cannot be built: the run exists, so the triage event must not owe it again.
      planner: async () => {
        throw new RemediationPlanError('plan', 'no such remediation');
      },
      approvalTimeoutSeconds: 60,
      remediationEnabled: true,
    });
    const notice = { kind: 'opened' as const, at: '2025-06-10T10:02:09.000Z', delivered: true };
    const executionId = 'arn:aws:states:eu-west-1:111122223333:execution:x:y';

    // Act
    await expect(plan({ finding: { ...finding('nope'), notice }, executionId })).rejects.toThrow();
    await expect(plan({ finding: finding('nope'), executionId })).rejects.toThrow();

    // Assess
    expect(markRemediationStarted).toHaveBeenCalledTimes(1);
    expect(markRemediationStarted).toHaveBeenCalledWith('f-sg', notice);
  });

  it('verify reads back through the catalog: pass when the rules are gone, fail when they remain', async () => {
    const f = finding('ec2-revoke-world-open-ingress', {
      groupId: 'sg-0a1b2c3d4e5f60718',
      securityGroupRuleIds: ['sgr-1'],
    });
    const plan = await catalogPlanner({ executor: executor() })(f, { approvalId: 'a1' });
    expect(await catalogVerifier(executor())(f, plan, { approvalId: 'a1' })).toMatchObject({
      status: 'pass',
    });
    const still = {
      execute: async (_t: unknown, calls: readonly PlannedCall[]) =>
        calls.map((call) => ({
          call,
          output: {
            SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-1', IsEgress: false, CidrIpv4: '0.0.0.0/0' }],
          },
        })),
    };
    expect(await catalogVerifier(still)(f, plan, { approvalId: 'a1' })).toMatchObject({ status: 'fail' });
  });

  it('plan and verify read with the read role only; the reader they hold cannot run the approved fix', async () => {
    // Prepare
    const sts = new STSClient({ region: 'eu-west-1' });
    const stsMock = mockClient(sts);
    stsMock.on(AssumeRoleCommand).resolves({
      Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date() },
    });
    const ec2 = mockClient(EC2Client);
    ec2.onAnyCommand().resolves({ RouteTables: [{ RouteTableId: 'rtb-1' }], VpcEndpoints: [] });
    const reader = new AwsRemediationReader({
      roleName: 'compliance-bot-remediation-read',
      readActions: remediationReadActions(),
      sts,
    });
    const f = {
      ...finding('vpc-create-gateway-endpoints', { vpcId: 'vpc-1', missingServices: ['s3'] }),
      resource: { type: 'AWS::EC2::VPC', id: 'vpc-1', accountId: '111122223333', region: 'eu-west-1' },
    } as StoredFinding;
    try {
      // Act
      const plan = await catalogPlanner({ executor: reader })(f, { approvalId: 'a1' });
      const verified = await catalogVerifier(reader)(f, plan, { approvalId: 'a1' });
      // Assess
      expect(plan.calls.map((c) => c.operation)).toEqual(['CreateVpcEndpoint']);
      expect(verified.status).toBe('fail');
      expect(ec2.calls().map((c) => c.args[0].constructor.name)).toEqual([
        'DescribeRouteTablesCommand',
        'DescribeVpcEndpointsCommand',
      ]);
      for (const call of stsMock.commandCalls(AssumeRoleCommand)) {
        expect(call.args[0].input.RoleArn).toBe(
          'arn:aws:iam::111122223333:role/compliance-bot-remediation-read',
        );
      }
      await expect(reader.execute(plan.target, plan.calls)).rejects.toMatchObject({
        name: 'ReadOnlyCallError',
      });
      expect(ec2.calls()).toHaveLength(2);
    } finally {
      ec2.restore();
      stsMock.restore();
    }
  });
});

describe('the remediation target of a finding (targetOf)', () => {
  it.each([
    [
      'a non-numeric account id',
      { accountId: '111122223333:role/x' },
      /resource accountId must be a 12-digit AWS account id/,
    ],
    ['an 11-digit account id', { accountId: '11112222333' }, /resource accountId must be a 12-digit/],
    [
      'a region that is a host name',
      { region: 'eu-west-1.attacker.example' },
      /resource region must be an AWS region name/,
    ],
  ])(
    'refuses %s (RemediationPlanError naming the field): nothing is planned',
    (_label, resource, message) => {
      // Prepare
      const f = finding('ec2-revoke-world-open-ingress');
      Object.assign(f.resource, resource);
      // Act + Assess
      expect(() => targetOf(f, 'apr_1')).toThrow(RemediationPlanError);
      expect(() => targetOf(f, 'apr_1')).toThrow(message);
    },
  );

  it('keeps a well-formed account and region, with the approval id', () => {
    expect(targetOf(finding('ec2-revoke-world-open-ingress'), 'apr_1')).toEqual({
      accountId: '111122223333',
      region: 'eu-west-1',
      approvalId: 'apr_1',
    });
  });
});
