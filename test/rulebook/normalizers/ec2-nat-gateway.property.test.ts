import { describe } from 'vitest';
import { eventItem } from '../network-support';
import { normalizerProperties } from './network-property-support';

describe('ec2-nat-gateway normalizer properties', () => {
  normalizerProperties({
    type: 'AWS::EC2::NatGateway',
    configItem: eventItem('config-ci-ec2-natgateway.json'),
    logicalId: 'Nat',
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
      Nat: {
        Type: 'AWS::EC2::NatGateway',
        Properties: { SubnetId: { Ref: 'Sub' }, AllocationId: 'eipalloc-1' },
      },
    },
  });
});
