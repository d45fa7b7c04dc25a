import { describe, expect, it, vi } from 'vitest';
import { createTask } from '../../functions/handlers/plan/handler';
import { catalogVerifier } from '../../functions/handlers/verify/handler';
import type { StoredFinding } from '../../functions/ports/findings-store';
import type { PlannedCall } from '../../functions/ports/remediation-executor';
import { RemediationPlanError } from '../../functions/rulebook/remediations/index';
import { catalogPlanner } from '../../functions/shared/remediation-plan';

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
});
