import { describe } from 'vitest';
import { eventItem } from '../network-support';
import { normalizerProperties } from './network-property-support';

describe('ec2-vpc-endpoint normalizer properties', () => {
  normalizerProperties({
    type: 'AWS::EC2::VPCEndpoint',
    configItem: eventItem('config-ci-ec2-vpcendpoint.json'),
    logicalId: 'S3',
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
      S3: {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: {
          VpcId: { Ref: 'Vpc' },
          // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
          ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' },
          RouteTableIds: ['rtb-1'],
        },
      },
    },
  });
});
