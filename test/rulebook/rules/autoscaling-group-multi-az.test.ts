import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/reliability/autoscaling-group-multi-az';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { networkItem } from '../network-support';

describe('autoscaling-group-multi-az', () => {
  it('fails for the fixture group in eu-west-1a only', () => {
    const result = runOnConfigItem(rule, networkItem('config-ci-autoscaling-group.json'));
    expect(result.status).toBe('fail');
    expect(result.evidence).toEqual({ availabilityZones: ['eu-west-1a'] });
  });
  it.each([
    { shape: 'strings', zones: ['eu-west-1a', 'eu-west-1b'] },
    {
      shape: '{ value } entries (the resource schema notation)',
      zones: [{ value: 'eu-west-1a' }, { value: 'eu-west-1b' }],
    },
  ])('passes with two zones as $shape', ({ zones }) => {
    const item = networkItem('config-ci-autoscaling-group.json');
    item.configuration.availabilityZones = zones;
    expect(runOnConfigItem(rule, item).status).toBe('pass');
  });

  const subnet = (az: unknown) => ({
    Type: 'AWS::EC2::Subnet',
    Properties: { VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', AvailabilityZone: az },
  });
  const cases = [
    { name: 'subnets in two zones', a: 'eu-west-1a', b: 'eu-west-1b', zones: undefined, status: 'pass' },
    { name: 'two subnets in one zone', a: 'eu-west-1a', b: 'eu-west-1a', zones: undefined, status: 'fail' },
    {
      name: 'zones from Fn::GetAZs',
      a: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      b: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] },
      zones: undefined,
      status: 'unknown',
    },
    {
      name: 'AvailabilityZones listed',
      a: 'eu-west-1a',
      b: 'eu-west-1a',
      zones: ['eu-west-1a', 'eu-west-1c'],
      status: 'pass',
    },
  ] as const;
  it.each(cases)('CloudFormation $name -> $status', ({ a, b, zones, status }) => {
    const template = {
      Resources: {
        A: subnet(a),
        B: subnet(b),
        Asg: {
          Type: 'AWS::AutoScaling::AutoScalingGroup',
          Properties: {
            MinSize: '2',
            MaxSize: '4',
            ...(zones ? { AvailabilityZones: zones } : { VPCZoneIdentifier: [{ Ref: 'A' }, { Ref: 'B' }] }),
          },
        },
      },
    };
    expect(runOnTemplate(rule, template, 'Asg').status).toBe(status);
  });
});
