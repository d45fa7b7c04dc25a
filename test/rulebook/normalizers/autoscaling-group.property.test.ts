import { describe } from 'vitest';
import { networkItem } from '../network-support';
import { normalizerProperties } from './network-property-support';

describe('autoscaling-group normalizer properties', () => {
  normalizerProperties({
    type: 'AWS::AutoScaling::AutoScalingGroup',
    configItem: networkItem('config-ci-autoscaling-group.json'),
    logicalId: 'Asg',
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
      Asg: {
        Type: 'AWS::AutoScaling::AutoScalingGroup',
        Properties: { MinSize: '1', MaxSize: '2', VPCZoneIdentifier: [{ Ref: 'Sub' }, 'subnet-0123'] },
      },
    },
  });
});
