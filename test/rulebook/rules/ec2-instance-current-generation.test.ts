import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/performance-efficiency/ec2-instance-current-generation';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { networkItem } from '../network-support';

describe('ec2-instance-current-generation', () => {
  const types = [
    { type: 't2.medium', status: 'fail', suggested: 't3 or t4g' },
    { type: 'm4.xlarge', status: 'fail', suggested: 'm7i or m7g' },
    { type: 'c4.large', status: 'fail', suggested: 'c7i or c7g' },
    { type: 'r4.2xlarge', status: 'fail', suggested: 'r7i or r7g' },
    { type: 'm3.medium', status: 'fail', suggested: 'm7i or m7g' },
    { type: 'm5.large', status: 'pass' },
    { type: 'm7g.large', status: 'pass' },
  ] as const;

  it.each(types)('Config item with $type -> $status', ({ type, status, ...rest }) => {
    const item = networkItem('config-ci-ec2-instance.json');
    item.configuration.instanceType = type;
    const result = runOnConfigItem(rule, item);
    expect(result.status).toBe(status);
    if ('suggested' in rest) expect(result.evidence?.suggested).toBe(rest.suggested);
  });

  const templates = [
    { name: 'literal t2.micro', type: 't2.micro', status: 'fail' },
    { name: 'literal t3.micro', type: 't3.micro', status: 'pass' },
    { name: 'InstanceType parameter', type: { Ref: 'Type' }, status: 'unknown' },
    { name: 'InstanceType parameter that defaults to t2.micro', type: { Ref: 'OldType' }, status: 'fail' },
    { name: 'InstanceType parameter that defaults to t3.micro', type: { Ref: 'NewType' }, status: 'pass' },
    { name: 'omitted (CloudFormation default m1.small)', type: undefined, status: 'fail' },
  ] as const;
  it.each(templates)('CloudFormation $name -> $status', ({ type, status }) => {
    const template = {
      Parameters: {
        Type: { Type: 'String' },
        OldType: { Type: 'String', Default: 't2.micro' },
        NewType: { Type: 'String', Default: 't3.micro' },
      },
      Resources: {
        Host: {
          Type: 'AWS::EC2::Instance',
          Properties: { ImageId: 'ami-1', ...(type ? { InstanceType: type } : {}) },
        },
      },
    };
    expect(runOnTemplate(rule, template, 'Host').status).toBe(status);
  });
});
