import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/vpc-flow-logs-enabled';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { networkItem } from '../network-support';

describe('vpc-flow-logs-enabled', () => {
  it('is unknown for a Config item (no flow-log field on the VPC item)', () => {
    const result = runOnConfigItem(rule, networkItem('config-ci-ec2-vpc.json'));
    expect(result.status).toBe('unknown');
    expect(result.message).toContain('describe-flow-logs');
  });

  const flowLog = (resourceId: unknown) => ({
    Type: 'AWS::EC2::FlowLog',
    Properties: {
      ResourceId: resourceId,
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 's3',
      LogDestination: 'arn:aws:s3:::flow-logs',
    },
  });
  const cases = [
    { name: 'a flow log on the VPC', extra: { Logs: flowLog({ Ref: 'Vpc' }) }, status: 'pass' },
    { name: 'no flow log', extra: {}, status: 'fail' },
    {
      name: 'a flow log on another VPC',
      extra: {
        Other: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } },
        Logs: flowLog({ Ref: 'Other' }),
      },
      status: 'fail',
    },
  ] as const;
  it.each(cases)('CloudFormation $name -> $status', ({ extra, status }) => {
    const template = {
      Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } }, ...extra },
    };
    expect(runOnTemplate(rule, template, 'Vpc').status).toBe(status);
  });
});
