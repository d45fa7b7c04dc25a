import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/cost-optimization/vpc-nat-gateway-gateway-endpoints';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { eventItem, networkItem, normalized } from '../network-support';

const nat = () => eventItem('config-ci-ec2-natgateway.json');
/** The shared interface-endpoint fixture turned into a gateway endpoint for `service`. */
function gatewayEndpoint(service: 's3' | 'dynamodb', overrides: Record<string, unknown> = {}) {
  const item = eventItem('config-ci-ec2-vpcendpoint.json');
  Object.assign(item.configuration, {
    vpcEndpointType: 'Gateway',
    serviceName: `com.amazonaws.eu-west-1.${service}`,
    routeTableIds: ['rtb-0a9b8c7d6e5f40312'],
    subnetIds: [],
    networkInterfaceIds: [],
    privateDnsEnabled: false,
    ...overrides,
  });
  item.resourceId = `vpce-0${service}0000000000000`;
  return item;
}

describe('vpc-nat-gateway-gateway-endpoints', () => {
  describe('Config item', () => {
    it('is unknown from the NAT gateway event alone (partial inventory)', () => {
      const result = runOnConfigItem(rule, nat());
      expect(result.status).toBe('unknown');
      expect(result.evidence).toMatchObject({ missingEndpoints: ['s3', 'dynamodb'] });
    });

    it('fails in a complete snapshot where the VPC has only the ecr.dkr interface endpoint', () => {
      const result = runOnConfigItem(rule, nat(), {
        inventory: normalized(eventItem('config-ci-ec2-vpcendpoint.json')),
        inventoryComplete: true,
      });
      expect(result.status).toBe('fail');
      expect(result.evidence).toEqual({
        vpcId: 'vpc-0f1e2d3c4b5a69788',
        natGatewayId: 'nat-0a9b8c7d6e5f43210',
        missingEndpoints: ['s3', 'dynamodb'],
        routeTableIds: [],
        serviceNames: ['com.amazonaws.eu-west-1.s3', 'com.amazonaws.eu-west-1.dynamodb'],
      });
    });

    it('names the route tables that send traffic to the NAT gateway, for the remediation', () => {
      const result = runOnConfigItem(rule, nat(), {
        inventory: normalized(networkItem('config-ci-ec2-route-table.json'), gatewayEndpoint('s3')),
        inventoryComplete: true,
      });
      expect(result.evidence).toMatchObject({
        missingEndpoints: ['dynamodb'],
        routeTableIds: ['rtb-0a9b8c7d6e5f40312'],
      });
    });

    const cases = [
      {
        name: 'both gateway endpoints',
        endpoints: () => [gatewayEndpoint('s3'), gatewayEndpoint('dynamodb')],
        status: 'pass',
        missing: [],
      },
      { name: 'S3 only', endpoints: () => [gatewayEndpoint('s3')], status: 'fail', missing: ['dynamodb'] },
      {
        name: 'state as { value } (advanced-query shape)',
        endpoints: () => [
          gatewayEndpoint('s3', { state: { value: 'available' } }),
          gatewayEndpoint('dynamodb', { state: { value: 'available' } }),
        ],
        status: 'pass',
        missing: [],
      },
      {
        name: 'a deleted S3 endpoint does not count',
        endpoints: () => [gatewayEndpoint('s3', { state: 'deleted' }), gatewayEndpoint('dynamodb')],
        status: 'fail',
        missing: ['s3'],
      },
      {
        name: 'endpoints in another VPC',
        endpoints: () => [
          gatewayEndpoint('s3', { vpcId: 'vpc-0aaaaaaaaaaaaaaaa' }),
          gatewayEndpoint('dynamodb', { vpcId: 'vpc-0aaaaaaaaaaaaaaaa' }),
        ],
        status: 'fail',
        missing: ['s3', 'dynamodb'],
      },
      {
        name: 'an S3 interface endpoint is not a gateway endpoint',
        endpoints: () => [
          gatewayEndpoint('s3', { vpcEndpointType: 'Interface' }),
          gatewayEndpoint('dynamodb'),
        ],
        status: 'fail',
        missing: ['s3'],
      },
    ] as const;
    it.each(cases)('complete snapshot, $name -> $status', ({ endpoints, status, missing }) => {
      const result = runOnConfigItem(rule, nat(), {
        inventory: normalized(...endpoints()),
        inventoryComplete: true,
      });
      expect(result.status).toBe(status);
      if (status === 'fail') expect(result.evidence?.missingEndpoints).toEqual(missing);
    });

    it('passes from a partial inventory once both endpoints are seen', () => {
      const inventory = normalized(gatewayEndpoint('s3'), gatewayEndpoint('dynamodb'));
      expect(runOnConfigItem(rule, nat(), { inventory }).status).toBe('pass');
    });

    it('is not applicable to a private NAT gateway', () => {
      const item = nat();
      item.configuration.connectivityType = 'private';
      expect(runOnConfigItem(rule, item).status).toBe('not-applicable');
    });
  });

  describe('CloudFormation', () => {
    const network = {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Public: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24' } },
      PrivateRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
      PrivateDefault: {
        Type: 'AWS::EC2::Route',
        Properties: {
          RouteTableId: { Ref: 'PrivateRt' },
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: { Ref: 'Nat' },
        },
      },
      Eip: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
      Nat: {
        Type: 'AWS::EC2::NatGateway',
        Properties: { SubnetId: { Ref: 'Public' }, AllocationId: { 'Fn::GetAtt': ['Eip', 'AllocationId'] } },
      },
    };
    const endpoint = (service: string, props: Record<string, unknown> = {}) => ({
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: {
        VpcId: { Ref: 'Vpc' },
        ServiceName: { 'Fn::Sub': `com.amazonaws.\${AWS::Region}.${service}` },
        RouteTableIds: [{ Ref: 'PrivateRt' }],
        ...props,
      },
    });
    const cases = [
      { name: 'no endpoints', extra: {}, status: 'fail' },
      {
        name: 'S3 and DynamoDB gateway endpoints (type defaults to Gateway)',
        extra: { S3: endpoint('s3'), Ddb: endpoint('dynamodb') },
        status: 'pass',
      },
      {
        name: 'S3 as an interface endpoint',
        extra: { S3: endpoint('s3', { VpcEndpointType: 'Interface' }), Ddb: endpoint('dynamodb') },
        status: 'fail',
      },
      {
        name: 'endpoint VPC from a parameter',
        extra: { S3: endpoint('s3', { VpcId: { Ref: 'VpcId' } }), Ddb: endpoint('dynamodb') },
        status: 'unknown',
      },
      {
        name: 'service name from a parameter',
        extra: { S3: endpoint('s3', { ServiceName: { Ref: 'Service' } }), Ddb: endpoint('dynamodb') },
        status: 'unknown',
      },
    ] as const;
    it.each(cases)('$name -> $status', ({ extra, status }) => {
      const template = {
        Parameters: { VpcId: { Type: 'String' }, Service: { Type: 'String' } },
        Resources: { ...network, ...extra },
      };
      const result = runOnTemplate(rule, template, 'Nat');
      expect(result.status).toBe(status);
      if (status === 'fail') {
        expect(JSON.parse(JSON.stringify(result.evidence))).toMatchObject({
          vpcId: '<Ref Vpc>',
          routeTableIds: ['<Ref PrivateRt>'],
        });
      }
    });

    it('is unknown when the NAT gateway subnet is not in the template', () => {
      const template = {
        Resources: {
          Nat: {
            Type: 'AWS::EC2::NatGateway',
            Properties: { SubnetId: 'subnet-0c1c2c3c4c5c6c7c8', AllocationId: 'eipalloc-1' },
          },
        },
      };
      expect(runOnTemplate(rule, template, 'Nat').status).toBe('unknown');
    });
  });
});
