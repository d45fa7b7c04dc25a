import { describe } from 'vitest';
import { networkItem } from '../network-support';
import { normalizerProperties } from './network-property-support';

describe('ec2-subnet normalizer properties', () => {
  normalizerProperties({
    type: 'AWS::EC2::Subnet',
    configItem: networkItem('config-ci-ec2-subnet.json'),
    logicalId: 'Sub',
    template: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Sub: {
        Type: 'AWS::EC2::Subnet',
        Properties: {
          VpcId: { Ref: 'Vpc' },
          CidrBlock: '10.0.1.0/24',
          AvailabilityZone: 'eu-west-1a',
          MapPublicIpOnLaunch: true,
        },
      },
    },
  });
});
