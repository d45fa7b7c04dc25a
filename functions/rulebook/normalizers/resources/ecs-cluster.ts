import type { EcsCluster } from '../../model/resources/ecs-cluster';
import { type Maybe, Unknown } from '../../model/unknown';
import { either } from '../network/shared';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asArray, asString } from '../values';

export default defineNormalizer<EcsCluster>({
  resourceType: 'AWS::ECS::Cluster',

  // Field names: awslabs/aws-config-resource-schema AWS::ECS::Cluster.properties.json
  // (ClusterName, ClusterSettings[].Name/Value).
  fromConfigItem(item, source) {
    const c = item.configuration;
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::ECS::Cluster' as const,
      containerInsights: containerInsights(either(c, 'ClusterSettings', 'clusterSettings', 'settings')),
    });
  },

  // Property names: AWS::ECS::Cluster (ClusterSettings[].Name = containerInsights).
  fromCloudFormation(resource) {
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::ECS::Cluster' as const,
      containerInsights: containerInsights(resource.properties.ClusterSettings),
    });
  },
});

function containerInsights(settings: unknown): Maybe<string> | undefined {
  const list = asArray(settings);
  if (list instanceof Unknown) return list;
  for (const setting of list ?? []) {
    const name = asString(either(setting, 'Name', 'name'));
    if (name instanceof Unknown) return name;
    if (name === 'containerInsights') {
      const value = asString(either(setting, 'Value', 'value'));
      return typeof value === 'string' ? value.toLowerCase() : value;
    }
  }
  return undefined;
}
