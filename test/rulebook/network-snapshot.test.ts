import { describe, expect, it } from 'vitest';
import { evaluateAll, RuleBook, toFinding } from '../../functions/rulebook/engine';
import { Inventory } from '../../functions/rulebook/inventory';
import { eventItem, networkItem, normalized } from './network-support';

/**
 * A whole-account Config snapshot (every network fixture, one VPC) through the real engine: the
 * findings a user sees, with their severities, and stable ids across two runs.
 */
function snapshot() {
  return normalized(
    eventItem('config-ci-ec2-security-group.json'),
    eventItem('config-ci-ec2-natgateway.json'),
    eventItem('config-ci-ec2-vpcendpoint.json'),
    networkItem('config-ci-ec2-instance.json'),
    networkItem('config-ci-ec2-subnet.json'),
    networkItem('config-ci-ec2-route-table.json'),
    networkItem('config-ci-ec2-vpc.json'),
    networkItem('config-ci-ec2-security-group-default.json'),
    networkItem('config-ci-elbv2-load-balancer.json'),
    networkItem('config-ci-elbv2-listener.json'),
    networkItem('config-ci-autoscaling-group.json'),
    networkItem('config-ci-ecs-cluster.json'),
    networkItem('config-ci-ecs-task-definition.json'),
    networkItem('config-ci-ecs-service.json'),
    networkItem('config-ci-apigateway-stage.json'),
  );
}

function findings() {
  const resources = snapshot();
  const book = new RuleBook();
  const results = evaluateAll(resources, book, { inventory: new Inventory(resources, { complete: true }) });
  return results
    .map((r) => toFinding(r, book, new Date('2026-11-22T12:00:00Z')))
    .filter((f) => f !== undefined);
}

describe('a complete Config snapshot of the network fixtures', () => {
  it('yields the network findings with their severities', () => {
    const network = findings()
      .filter((f) => !f.ruleId.startsWith('s3-') && !f.ruleId.startsWith('tag'))
      .map((f) => `${f.ruleId} ${f.severity} ${f.resource.id}`)
      .sort();
    expect(network).toEqual(
      [
        'apigateway-stage-waf-enabled medium arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod',
        'autoscaling-group-multi-az medium arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:5d3b7f10-6b2d-4d3e-9a1b-2c3d4e5f6a7b:autoScalingGroupName/web-asg',
        'ec2-default-security-group-closed medium sg-0f9e8d7c6b5a49382',
        'ec2-instance-current-generation medium i-0b22a22eec53b9321',
        'ec2-instance-graviton low i-0b22a22eec53b9321',
        'ec2-instance-public-ip-in-public-subnet high i-0b22a22eec53b9321',
        'ec2-security-group-no-world-ingress critical sg-0a1b2c3d4e5f60718',
        'ecs-cluster-container-insights low app',
        'ecs-service-no-public-ip high arn:aws:ecs:eu-west-1:111122223333:service/app/web',
        'ecs-task-definition-no-secrets-in-environment high arn:aws:ecs:eu-west-1:111122223333:task-definition/app:7',
        'elbv2-http-listener-redirects-to-https medium arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2',
        'vpc-flow-logs-enabled medium vpc-0f1e2d3c4b5a69788',
        'vpc-nat-gateway-gateway-endpoints medium nat-0a9b8c7d6e5f43210',
      ].sort(),
    );
  });

  it('gives the same finding ids on a second run (one finding per problem)', () => {
    const ids = (list: ReturnType<typeof findings>) => list.map((f) => f.id).sort();
    expect(ids(findings())).toEqual(ids(findings()));
  });

  it('serializes the SG finding evidence for the remediation', () => {
    const sg = findings().find((f) => f.ruleId === 'ec2-security-group-no-world-ingress');
    expect(sg?.remediation).toBe('ec2-revoke-world-open-ingress');
    expect(JSON.parse(JSON.stringify(sg?.evidence))).toMatchObject({
      groupId: 'sg-0a1b2c3d4e5f60718',
      offendingRules: [
        { protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0' },
        { protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '::/0' },
      ],
    });
  });
});
