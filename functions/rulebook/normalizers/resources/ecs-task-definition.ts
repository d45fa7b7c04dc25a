import type { EcsContainer, EcsTaskDefinition } from '../../model/resources/ecs-task-definition';
import { type Maybe, Unknown } from '../../model/unknown';
import { either } from '../network/shared';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asArray, asString } from '../values';

export default defineNormalizer<EcsTaskDefinition>({
  resourceType: 'AWS::ECS::TaskDefinition',

  // Field names: awslabs/aws-config-resource-schema AWS::ECS::TaskDefinition.properties.json
  // (PascalCase like the template: ContainerDefinitions[].Environment[].Name/Value, Secrets[].Name/ValueFrom);
  // camelCase (the ECS API shape) is accepted too.
  fromConfigItem(item, source) {
    const c = item.configuration;
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::ECS::TaskDefinition' as const,
      family: asString(either(c, 'Family', 'family')),
      containers: containers(either(c, 'ContainerDefinitions', 'containerDefinitions')),
    });
  },

  // Property names: AWS::ECS::TaskDefinition ContainerDefinitions[].Environment / Secrets.
  fromCloudFormation(resource) {
    const p = resource.properties;
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::ECS::TaskDefinition' as const,
      family: asString(p.Family),
      containers: containers(p.ContainerDefinitions),
    });
  },
});

function containers(value: unknown): Maybe<EcsContainer[]> {
  const list = asArray(value);
  if (list instanceof Unknown) return list;
  return (list ?? []).map((container) => {
    const environment = asArray(either(container, 'Environment', 'environment'));
    const secrets = asArray(either(container, 'Secrets', 'secrets'));
    return {
      name: asString(either(container, 'Name', 'name')),
      environment:
        environment instanceof Unknown
          ? environment
          : (environment ?? []).map((variable) => ({
              name: asString(either(variable, 'Name', 'name')) ?? new Unknown('variable without a name'),
              value: asString(either(variable, 'Value', 'value')),
            })),
      secretNames:
        secrets instanceof Unknown
          ? secrets
          : (secrets ?? []).map((secret) => asString(either(secret, 'Name', 'name')) ?? ''),
    };
  });
}
