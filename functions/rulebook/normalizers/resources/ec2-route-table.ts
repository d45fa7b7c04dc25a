import type {
  Ec2Route,
  Ec2RouteTable,
  Ec2RouteTableAssociation,
} from '../../model/resources/ec2-route-table';
import { type Maybe, Unknown } from '../../model/unknown';
import { ResourceReference } from '../cloudformation/reference';
import {
  baseFromCloudFormation,
  baseFromConfigItem,
  defineNormalizer,
  type TemplateScope,
} from '../normalizer';
import { asArray, asBoolean, asString, get } from '../values';

export default defineNormalizer<Ec2RouteTable>({
  resourceType: 'AWS::EC2::RouteTable',
  // Read into this model from the template (see fromCloudFormation), so not listed as unchecked.
  readsTypes: ['AWS::EC2::Route', 'AWS::EC2::SubnetRouteTableAssociation'],

  // Field names: awslabs/aws-config-resource-schema AWS::EC2::RouteTable.properties.json
  // (routes[].destinationCidrBlock/gatewayId/natGatewayId, associations[].subnetId/main).
  fromConfigItem(item, source) {
    const c = item.configuration;
    const routes = asArray(c.routes);
    const associations = asArray(c.associations);
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::EC2::RouteTable' as const,
      routeTableId: asString(c.routeTableId) ?? item.resourceId,
      vpcId: asString(c.vpcId),
      routes:
        routes instanceof Unknown
          ? routes
          : (routes ?? []).map((route): Ec2Route => {
              const gatewayId = asString(get(route, 'gatewayId'));
              return {
                destination: asString(
                  get(route, 'destinationCidrBlock') ?? get(route, 'destinationIpv6CidrBlock'),
                ),
                gatewayId,
                natGatewayId: asString(get(route, 'natGatewayId')),
                toInternetGateway:
                  typeof gatewayId === 'string' ? gatewayId.startsWith('igw-') : (gatewayId ?? false),
              };
            }),
      associations:
        associations instanceof Unknown
          ? associations
          : (associations ?? []).map(
              (association): Ec2RouteTableAssociation => ({
                subnetId: asString(get(association, 'subnetId')),
                main: asBoolean(get(association, 'main')) === true,
              }),
            ),
    });
  },

  // Property names: AWS::EC2::RouteTable, AWS::EC2::Route, AWS::EC2::SubnetRouteTableAssociation.
  fromCloudFormation(resource, scope) {
    const routes = scope.referencing('AWS::EC2::Route', 'RouteTableId', resource.logicalId);
    const associations = scope.referencing(
      'AWS::EC2::SubnetRouteTableAssociation',
      'RouteTableId',
      resource.logicalId,
    );
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::EC2::RouteTable' as const,
      routeTableId: undefined,
      vpcId: asString(resource.properties.VpcId),
      routes: routes.map((route): Ec2Route => {
        const gatewayId = asString(route.properties.GatewayId);
        return {
          destination: asString(
            route.properties.DestinationCidrBlock ?? route.properties.DestinationIpv6CidrBlock,
          ),
          gatewayId,
          natGatewayId: asString(route.properties.NatGatewayId),
          toInternetGateway: internetGateway(gatewayId, scope),
        };
      }),
      associations: associations.map((association) => ({
        subnetId: asString(association.properties.SubnetId),
        main: false,
      })),
    });
  },
});

function internetGateway(gatewayId: Maybe<string> | undefined, scope: TemplateScope): Maybe<boolean> {
  if (gatewayId === undefined) return false;
  if (typeof gatewayId === 'string') return gatewayId.startsWith('igw-');
  if (gatewayId instanceof ResourceReference) {
    const target = scope.byId(gatewayId.logicalId);
    if (target) return target.type === 'AWS::EC2::InternetGateway';
  }
  return gatewayId instanceof Unknown ? gatewayId : new Unknown('route target cannot be read');
}
