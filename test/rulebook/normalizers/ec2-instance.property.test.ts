import { describe } from 'vitest';
import { networkItem } from '../network-support';
import { normalizerProperties } from './network-property-support';

describe('ec2-instance normalizer properties', () => {
  normalizerProperties({
    type: 'AWS::EC2::Instance',
    configItem: networkItem('config-ci-ec2-instance.json'),
    logicalId: 'Host',
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
      Host: {
        Type: 'AWS::EC2::Instance',
        Properties: {
          ImageId: 'ami-1',
          InstanceType: 't3.micro',
          NetworkInterfaces: [{ DeviceIndex: '0', SubnetId: { Ref: 'Sub' }, AssociatePublicIpAddress: true }],
        },
      },
    },
  });
});
