import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/sustainability/ec2-instance-graviton';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { networkItem } from '../network-support';

describe('ec2-instance-graviton', () => {
  const cases = [
    { type: 'm5.large', architecture: 'x86_64', status: 'fail', suggested: 'm7g' },
    { type: 't3.small', architecture: 'x86_64', status: 'fail', suggested: 't4g' },
    { type: 'c6i.xlarge', architecture: 'x86_64', status: 'fail', suggested: 'c7g' },
    { type: 'm7g.large', architecture: 'arm64', status: 'pass' },
    { type: 'p4d.24xlarge', architecture: 'x86_64', status: 'not-applicable' },
    { type: 'mac2.metal', architecture: 'arm64_mac', status: 'not-applicable' },
  ] as const;

  it.each(cases)(
    'Config item $type ($architecture) -> $status',
    ({ type, architecture, status, ...rest }) => {
      const item = networkItem('config-ci-ec2-instance.json');
      item.configuration.instanceType = type;
      item.configuration.architecture = architecture;
      const result = runOnConfigItem(rule, item);
      expect(result.status).toBe(status);
      if ('suggested' in rest) expect(result.evidence?.suggested).toBe(rest.suggested);
    },
  );

  const templates = [
    { type: 'm6i.large', status: 'fail' },
    { type: 't4g.micro', status: 'pass' },
    { type: { Ref: 'Type' }, status: 'unknown' },
  ] as const;
  it.each(templates)('CloudFormation $type -> $status', ({ type, status }) => {
    const template = {
      Parameters: { Type: { Type: 'String' } },
      Resources: {
        Host: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-1', InstanceType: type } },
      },
    };
    expect(runOnTemplate(rule, template, 'Host').status).toBe(status);
  });
});
