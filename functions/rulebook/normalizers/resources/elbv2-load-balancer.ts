import type { Elbv2LoadBalancer } from '../../model/resources/elbv2-load-balancer';
import { Unknown } from '../../model/unknown';
import { stringList } from '../network/shared';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asArray, asString, get } from '../values';

export default defineNormalizer<Elbv2LoadBalancer>({
  resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  // Read into this model from the template (see fromCloudFormation), so not listed as unchecked.
  readsTypes: ['AWS::WAFv2::WebACLAssociation'],

  // Field names: awslabs/aws-config-resource-schema AWS::ElasticLoadBalancingV2::LoadBalancer.properties.json
  // (type, scheme, availabilityZones[].zoneName, securityGroups[]); the item has no WAF field.
  fromConfigItem(item, source) {
    const c = item.configuration;
    const zones = asArray(c.availabilityZones);
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::ElasticLoadBalancingV2::LoadBalancer' as const,
      lbType: asString(c.type) ?? 'application',
      scheme: asString(c.scheme) ?? new Unknown('the item has no scheme'),
      zoneCount:
        zones instanceof Unknown
          ? zones
          : new Set((zones ?? []).map((zone) => String(get(zone, 'zoneName') ?? get(zone, 'subnetId')))).size,
      securityGroups: stringList(c.securityGroups) ?? [],
      wafWebAcl: undefined,
    });
  },

  // Property names: AWS::ElasticLoadBalancingV2::LoadBalancer (Type, Scheme, Subnets, SubnetMappings,
  // SecurityGroups); AWS::WAFv2::WebACLAssociation (ResourceArn).
  fromCloudFormation(resource, scope) {
    const p = resource.properties;
    const subnets = asArray(p.Subnets) ?? asArray(p.SubnetMappings);
    const associations = scope.referencing(
      'AWS::WAFv2::WebACLAssociation',
      'ResourceArn',
      resource.logicalId,
    );
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::ElasticLoadBalancingV2::LoadBalancer' as const,
      ...(typeof p.Name === 'string' ? { name: p.Name } : {}),
      lbType: asString(p.Type) ?? 'application',
      scheme: asString(p.Scheme) ?? 'internet-facing',
      zoneCount:
        subnets instanceof Unknown
          ? subnets
          : subnets === undefined
            ? new Unknown('no Subnets or SubnetMappings')
            : subnets.length,
      securityGroups: stringList(p.SecurityGroups) ?? [],
      wafWebAcl: associations.length > 0,
    });
  },
});
