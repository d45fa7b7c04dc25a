import { describe } from 'vitest';
import { networkItem } from '../network-support';
import { normalizerProperties } from './network-property-support';

describe('ec2-route-table normalizer properties', () => {
  normalizerProperties({
    type: 'AWS::EC2::RouteTable',
    configItem: networkItem('config-ci-ec2-route-table.json'),
    logicalId: 'Rt',
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
      Igw: { Type: 'AWS::EC2::InternetGateway' },
      Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
      Default: {
        Type: 'AWS::EC2::Route',
        Properties: {
          RouteTableId: { Ref: 'Rt' },
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: { Ref: 'Igw' },
        },
      },
      Assoc: {
        Type: 'AWS::EC2::SubnetRouteTableAssociation',
        Properties: { RouteTableId: { Ref: 'Rt' }, SubnetId: { Ref: 'Sub' } },
      },
    },
  });
});
