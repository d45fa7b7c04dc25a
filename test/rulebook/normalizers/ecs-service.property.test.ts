import { describe } from 'vitest';
import { networkItem } from '../network-support';
import { normalizerProperties } from './network-property-support';

describe('ecs-service normalizer properties', () => {
  normalizerProperties({
    type: 'AWS::ECS::Service',
    configItem: networkItem('config-ci-ecs-service.json'),
    logicalId: 'Service',
    template: {
      Service: {
        Type: 'AWS::ECS::Service',
        Properties: {
          Cluster: 'app',
          TaskDefinition: 'app:1',
          NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED', Subnets: ['subnet-1'] } },
        },
      },
    },
  });
});
