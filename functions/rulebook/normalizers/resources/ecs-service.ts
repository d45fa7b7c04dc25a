import type { EcsService } from '../../model/resources/ecs-service';
import { Unknown } from '../../model/unknown';
import { either } from '../network/shared';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asString } from '../values';

export default defineNormalizer<EcsService>({
  resourceType: 'AWS::ECS::Service',

  // Field names: awslabs/aws-config-resource-schema AWS::ECS::Service.properties.json
  // (NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp, LaunchType).
  fromConfigItem(item, source) {
    const c = item.configuration;
    const awsvpc = either(
      either(c, 'NetworkConfiguration', 'networkConfiguration'),
      'AwsvpcConfiguration',
      'awsvpcConfiguration',
    );
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::ECS::Service' as const,
      assignPublicIp: assign(awsvpc),
      launchType: asString(either(c, 'LaunchType', 'launchType')),
    });
  },

  // Property names: AWS::ECS::Service NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp (default DISABLED).
  fromCloudFormation(resource) {
    const p = resource.properties;
    const awsvpc = either(p.NetworkConfiguration, 'AwsvpcConfiguration');
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::ECS::Service' as const,
      ...(typeof p.ServiceName === 'string' ? { name: p.ServiceName } : {}),
      assignPublicIp: assign(awsvpc),
      launchType: asString(p.LaunchType),
    });
  },
});

function assign(awsvpc: unknown) {
  if (awsvpc instanceof Unknown) return awsvpc;
  if (awsvpc === undefined) return undefined;
  const value = asString(either(awsvpc, 'AssignPublicIp', 'assignPublicIp')) ?? 'DISABLED';
  return typeof value === 'string' ? value.toUpperCase() : value;
}
