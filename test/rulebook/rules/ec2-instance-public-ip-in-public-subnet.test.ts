import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/ec2-instance-public-ip-in-public-subnet';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { networkItem, normalized } from '../network-support';

const instance = () => networkItem('config-ci-ec2-instance.json');
const subnet = () => networkItem('config-ci-ec2-subnet.json');
const routeTable = () => networkItem('config-ci-ec2-route-table.json');

describe('ec2-instance-public-ip-in-public-subnet', () => {
  describe('Config item', () => {
    it('fails: public IP, and the subnet route table sends 0.0.0.0/0 to a NAT gateway', () => {
      const result = runOnConfigItem(rule, instance(), { inventory: normalized(subnet(), routeTable()) });
      expect(result.status).toBe('fail');
      expect(result.evidence).toMatchObject({
        subnetId: 'subnet-0a1a2a3a4a5a6a7a8',
        publicIpAddress: '54.75.12.201',
      });
    });

    it('passes when the route table has a default route to an internet gateway', () => {
      const table = routeTable();
      (table.configuration.routes as Array<Record<string, unknown>>)[1] = {
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: 'igw-0a1b2c3d4e5f60718',
        origin: 'CreateRoute',
        state: 'active',
      };
      expect(runOnConfigItem(rule, instance(), { inventory: normalized(subnet(), table) }).status).toBe(
        'pass',
      );
    });

    it('is unknown when the route table is not in view', () => {
      expect(runOnConfigItem(rule, instance()).status).toBe('unknown');
    });

    it('passes without a public IP', () => {
      const item = instance();
      delete item.configuration.publicIpAddress;
      delete (item.configuration.networkInterfaces as Array<Record<string, unknown>>)[0]!.association;
      expect(runOnConfigItem(rule, item).status).toBe('pass');
    });
  });

  describe('CloudFormation', () => {
    const network = {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Igw: { Type: 'AWS::EC2::InternetGateway' },
      Public: {
        Type: 'AWS::EC2::Subnet',
        Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24', MapPublicIpOnLaunch: true },
      },
      Private: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.10.0/24' } },
      PublicRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
      PublicDefault: {
        Type: 'AWS::EC2::Route',
        Properties: {
          RouteTableId: { Ref: 'PublicRt' },
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: { Ref: 'Igw' },
        },
      },
      PublicAssoc: {
        Type: 'AWS::EC2::SubnetRouteTableAssociation',
        Properties: { RouteTableId: { Ref: 'PublicRt' }, SubnetId: { Ref: 'Public' } },
      },
    };
    const eni = (subnet: unknown, associate: unknown) => ({
      NetworkInterfaces: [{ DeviceIndex: '0', SubnetId: subnet, AssociatePublicIpAddress: associate }],
    });
    const cases = [
      { name: 'public IP in the private subnet', props: eni({ Ref: 'Private' }, true), status: 'fail' },
      { name: 'public IP in the public subnet', props: eni({ Ref: 'Public' }, true), status: 'pass' },
      { name: 'no public IP in the private subnet', props: eni({ Ref: 'Private' }, false), status: 'pass' },
      {
        name: 'subnet default MapPublicIpOnLaunch (false) in the private subnet',
        props: { SubnetId: { Ref: 'Private' } },
        status: 'pass',
      },
      {
        name: 'subnet default MapPublicIpOnLaunch (true) in the public subnet',
        props: { SubnetId: { Ref: 'Public' } },
        status: 'pass',
      },
      {
        name: 'AssociatePublicIpAddress from a parameter',
        props: eni({ Ref: 'Private' }, { Ref: 'PublicIp' }),
        status: 'unknown',
      },
      {
        name: 'public IP in a subnet outside the template',
        props: eni('subnet-0123456789abcdef0', true),
        status: 'unknown',
      },
    ] as const;
    it.each(cases)('$name -> $status', ({ props, status }) => {
      const template = {
        Parameters: { PublicIp: { Type: 'String' } },
        Resources: {
          ...network,
          Host: {
            Type: 'AWS::EC2::Instance',
            Properties: { ImageId: 'ami-0a8e758f5e873d1c1', InstanceType: 't3.micro', ...props },
          },
        },
      };
      expect(runOnTemplate(rule, template, 'Host').status).toBe(status);
    });
  });
});
