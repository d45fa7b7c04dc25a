import { describe } from 'vitest';
import { networkItem } from '../network-support';
import { normalizerProperties } from './network-property-support';

describe('ecs-task-definition normalizer properties', () => {
  normalizerProperties({
    type: 'AWS::ECS::TaskDefinition',
    configItem: networkItem('config-ci-ecs-task-definition.json'),
    logicalId: 'Task',
    template: {
      Task: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: {
          Family: 'app',
          ContainerDefinitions: [
            {
              Name: 'app',
              Image: 'nginx',
              Environment: [{ Name: 'DB_PASSWORD', Value: 'x' }],
              Secrets: [{ Name: 'TOKEN', ValueFrom: 'arn:aws:ssm:eu-west-1:111122223333:parameter/t' }],
            },
          ],
        },
      },
    },
  });
});
