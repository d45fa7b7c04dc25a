import { describe } from 'vitest';
import { networkItem } from '../network-support';
import { normalizerProperties } from './network-property-support';

describe('ecs-cluster normalizer properties', () => {
  normalizerProperties({
    type: 'AWS::ECS::Cluster',
    configItem: networkItem('config-ci-ecs-cluster.json'),
    logicalId: 'Cluster',
    template: {
      Cluster: {
        Type: 'AWS::ECS::Cluster',
        Properties: { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] },
      },
    },
  });
});
