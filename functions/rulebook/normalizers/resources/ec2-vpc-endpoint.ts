import type { Ec2VpcEndpoint } from '../../model/resources/ec2-vpc-endpoint';
import { Unknown } from '../../model/unknown';
import { plainStringList, stateOf } from '../network/shared';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asString } from '../values';

export default defineNormalizer<Ec2VpcEndpoint>({
  resourceType: 'AWS::EC2::VPCEndpoint',

  // Field names: awslabs/aws-config-resource-schema AWS::EC2::VPCEndpoint.properties.json
  // (vpcEndpointType, serviceName, vpcId, routeTableIds, state; `state` string or `{value}`).
  fromConfigItem(item, source) {
    const c = item.configuration;
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::EC2::VPCEndpoint' as const,
      vpcEndpointId: asString(c.vpcEndpointId) ?? item.resourceId,
      vpcId: asString(c.vpcId) ?? new Unknown('the item names no VPC'),
      serviceName: asString(c.serviceName) ?? new Unknown('the item names no service'),
      endpointType: asString(c.vpcEndpointType) ?? new Unknown('the item has no endpoint type'),
      routeTableIds: plainStringList(c.routeTableIds) ?? [],
      state: stateOf(c.state),
    });
  },

  // Property names: AWS::EC2::VPCEndpoint (VpcId, ServiceName, VpcEndpointType default Gateway, RouteTableIds).
  fromCloudFormation(resource) {
    const p = resource.properties;
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::EC2::VPCEndpoint' as const,
      vpcEndpointId: undefined,
      vpcId: asString(p.VpcId) ?? new Unknown('endpoint without VpcId'),
      serviceName: asString(p.ServiceName) ?? new Unknown('endpoint without ServiceName'),
      endpointType: asString(p.VpcEndpointType) ?? 'Gateway',
      routeTableIds: plainStringList(p.RouteTableIds) ?? [],
    });
  },
});
