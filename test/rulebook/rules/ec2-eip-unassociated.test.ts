import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/cost-optimization/ec2-eip-unassociated';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, storageItem } from '../storage-helpers';

describe('ec2-eip-unassociated', () => {
  const configCases: Array<{ name: string; mutate: (ci: CI) => void; expected: string }> = [
    { name: 'fixture: allocation without association', mutate: () => {}, expected: 'fail' },
    {
      name: 'associated with an instance',
      mutate: (ci) => {
        ci.configuration.associationId = 'eipassoc-0a1b2c3d4e5f60718';
        ci.configuration.instanceId = 'i-0123456789abcdef0';
        ci.configuration.networkInterfaceId = 'eni-0fedcba9876543210';
        ci.configuration.privateIpAddress = '10.0.1.25';
      },
      expected: 'pass',
    },
    {
      name: 'a NAT gateway address (network interface only)',
      mutate: (ci) => {
        ci.configuration.associationId = 'eipassoc-0b1c2d3e4f5a60719';
        ci.configuration.networkInterfaceId = 'eni-0123abcd4567ef890';
      },
      expected: 'pass',
    },
    {
      name: 'empty strings are not associations',
      mutate: (ci) => {
        ci.configuration.associationId = '';
        ci.configuration.instanceId = '';
      },
      expected: 'fail',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ mutate, expected }) => {
    const item = storageItem('config-ci-ec2-eip');
    mutate(item);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  it('names the address', () => {
    expect(runOnConfigItem(rule, storageItem('config-ci-ec2-eip')).message).toBe(
      'The Elastic IP 198.51.100.23 is not associated with any instance or network interface',
    );
  });

  const base = `
Resources:
  Address:
    Type: AWS::EC2::EIP
    Properties: { Domain: vpc }
`;
  const templateCases = [
    { name: 'nothing uses it', extra: '', expected: 'fail' },
    {
      name: 'EIPAssociation by AllocationId',
      extra: `
  Association:
    Type: AWS::EC2::EIPAssociation
    Properties: { AllocationId: !GetAtt Address.AllocationId, InstanceId: i-0123456789abcdef0 }
`,
      expected: 'pass',
    },
    {
      name: 'NAT gateway',
      extra: `
  Nat:
    Type: AWS::EC2::NatGateway
    Properties: { AllocationId: !GetAtt Address.AllocationId, SubnetId: subnet-0a1a2a3a4a5a6a7a8 }
`,
      expected: 'pass',
    },
    {
      name: 'network load balancer subnet mapping',
      extra: `
  Nlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: network
      SubnetMappings: [{ SubnetId: subnet-0a1a2a3a4a5a6a7a8, AllocationId: !GetAtt Address.AllocationId }]
`,
      expected: 'pass',
    },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ extra, expected }) => {
    expect(runOnTemplate(rule, base + extra, 'Address').status).toBe(expected);
  });

  it('passes an address with its own InstanceId', () => {
    const yaml = `
Resources:
  Server: { Type: AWS::EC2::Instance, Properties: { ImageId: ami-0123456789abcdef0 } }
  Address: { Type: AWS::EC2::EIP, Properties: { InstanceId: !Ref Server } }
`;
    const result = runOnTemplate(rule, yaml, 'Address');
    expect(result.status).toBe('pass');
    expect(result.message).toBe('The address is associated with Server');
  });
});
