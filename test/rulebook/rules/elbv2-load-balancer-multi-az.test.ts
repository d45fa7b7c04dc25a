import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/reliability/elbv2-load-balancer-multi-az';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { networkItem } from '../network-support';

describe('elbv2-load-balancer-multi-az', () => {
  it('passes for the fixture (two zones)', () => {
    expect(runOnConfigItem(rule, networkItem('config-ci-elbv2-load-balancer.json')).status).toBe('pass');
  });
  it('fails for one zone', () => {
    const item = networkItem('config-ci-elbv2-load-balancer.json');
    (item.configuration.availabilityZones as unknown[]).splice(1);
    const result = runOnConfigItem(rule, item);
    expect(result.status).toBe('fail');
    expect(result.evidence).toEqual({ zoneCount: 1 });
  });

  const cases = [
    { name: 'two subnets', props: { Subnets: [{ Ref: 'A' }, { Ref: 'B' }] }, status: 'pass' },
    {
      name: 'one subnet mapping (NLB)',
      props: { Type: 'network', SubnetMappings: [{ SubnetId: { Ref: 'A' } }] },
      status: 'fail',
    },
    { name: 'subnets from a list parameter', props: { Subnets: { Ref: 'SubnetIds' } }, status: 'unknown' },
  ] as const;
  it.each(cases)('CloudFormation $name -> $status', ({ props, status }) => {
    const template = {
      Parameters: { SubnetIds: { Type: 'List<AWS::EC2::Subnet::Id>' } },
      Resources: {
        A: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24' } },
        B: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-1', CidrBlock: '10.0.2.0/24' } },
        Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: props },
      },
    };
    expect(runOnTemplate(rule, template, 'Lb').status).toBe(status);
  });
});
