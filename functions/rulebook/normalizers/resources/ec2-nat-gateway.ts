import type { Ec2NatGateway } from '../../model/resources/ec2-nat-gateway';
import { Unknown } from '../../model/unknown';
import { ResourceReference } from '../cloudformation/reference';
import { referenced, stateOf } from '../network/shared';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asString } from '../values';

export default defineNormalizer<Ec2NatGateway>({
  resourceType: 'AWS::EC2::NatGateway',

  // Field names: awslabs/aws-config-resource-schema AWS::EC2::NatGateway.properties.json.
  fromConfigItem(item, source) {
    const c = item.configuration;
    const relation = (type: string) => item.relationships.find((r) => r.resourceType === type)?.resourceId;
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::EC2::NatGateway' as const,
      natGatewayId: asString(c.natGatewayId) ?? item.resourceId,
      vpcId: asString(c.vpcId) ?? relation('AWS::EC2::VPC') ?? new Unknown('the item names no VPC'),
      subnetId:
        asString(c.subnetId) ?? relation('AWS::EC2::Subnet') ?? new Unknown('the item names no subnet'),
      connectivityType: asString(c.connectivityType) ?? 'public',
      state: stateOf(c.state),
    });
  },

  // Property names: AWS::EC2::NatGateway (SubnetId, ConnectivityType default public; no VpcId).
  fromCloudFormation(resource, scope) {
    const p = resource.properties;
    const subnetId = asString(p.SubnetId) ?? new Unknown('NAT gateway without SubnetId');
    const subnet = referenced(scope, subnetId, 'AWS::EC2::Subnet');
    const vpcId = subnet
      ? (asString(subnet.properties.VpcId) ?? new Unknown(`subnet ${subnet.logicalId} has no VpcId`))
      : new Unknown(
          subnetId instanceof ResourceReference
            ? `the VPC of ${subnetId.logicalId} is not in the template`
            : 'the NAT gateway subnet is not in the template, so its VPC is not known',
        );
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::EC2::NatGateway' as const,
      natGatewayId: undefined,
      vpcId,
      subnetId,
      connectivityType: asString(p.ConnectivityType) ?? 'public',
    });
  },
});
