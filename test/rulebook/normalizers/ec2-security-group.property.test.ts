import { describe } from 'vitest';
import { eventItem } from '../network-support';
import { normalizerProperties } from './network-property-support';

describe('ec2-security-group normalizer properties', () => {
  normalizerProperties({
    type: 'AWS::EC2::SecurityGroup',
    configItem: eventItem('config-ci-ec2-security-group.json'),
    logicalId: 'Sg',
    template: {
      Sg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: 'web',
          VpcId: { Ref: 'Vpc' },
          SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }],
          SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }],
        },
      },
      Ssh: {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: {
          GroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] },
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          CidrIp: '0.0.0.0/0',
        },
      },
      Alb: {
        Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        Properties: { Subnets: ['s-1', 's-2'], SecurityGroups: [{ Ref: 'Sg' }] },
      },
    },
  });
});
