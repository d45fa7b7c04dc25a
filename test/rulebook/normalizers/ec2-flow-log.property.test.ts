import { describe } from 'vitest';
import { networkItem } from '../network-support';
import { normalizerProperties } from './network-property-support';

describe('ec2-flow-log normalizer properties', () => {
  normalizerProperties({
    type: 'AWS::EC2::FlowLog',
    configItem: networkItem('config-ci-ec2-flow-log.json'),
    logicalId: 'Logs',
    template: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Logs: {
        Type: 'AWS::EC2::FlowLog',
        Properties: {
          ResourceId: { Ref: 'Vpc' },
          ResourceType: 'VPC',
          TrafficType: 'ALL',
          LogDestinationType: 's3',
          LogDestination: 'arn:aws:s3:::logs',
        },
      },
    },
  });
});
