import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/vpc-flow-logs-enabled';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { networkItem, normalized } from '../network-support';

describe('vpc-flow-logs-enabled', () => {
  describe('Config item (the VPC item has no flow-log field; AWS::EC2::FlowLog items do)', () => {
    const vpc = () => networkItem('config-ci-ec2-vpc.json');
    const flowLogFor = (vpcId: string, status = 'ACTIVE') => {
      const item = networkItem('config-ci-ec2-flow-log.json');
      Object.assign(item.configuration, { resourceId: vpcId, flowLogStatus: status });
      return item;
    };

    it('is unknown from the VPC item alone', () => {
      const result = runOnConfigItem(rule, vpc());
      expect(result.status).toBe('unknown');
      expect(result.message).toContain('describe-flow-logs');
    });

    const cases = [
      {
        name: 'an active flow log for the VPC',
        logs: () => [flowLogFor('vpc-0f1e2d3c4b5a69788')],
        complete: false,
        status: 'pass',
      },
      {
        name: 'a flow log for another VPC, complete snapshot',
        logs: () => [flowLogFor('vpc-0aaaaaaaaaaaaaaaa')],
        complete: true,
        status: 'fail',
      },
      { name: 'no flow log, complete snapshot', logs: () => [], complete: true, status: 'fail' },
      { name: 'no flow log, partial inventory', logs: () => [], complete: false, status: 'unknown' },
    ] as const;
    it.each(cases)('$name -> $status', ({ logs, complete, status }) => {
      const result = runOnConfigItem(rule, vpc(), {
        inventory: normalized(...logs()),
        inventoryComplete: complete,
      });
      expect(result.status).toBe(status);
    });
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
