import { describe } from 'vitest';
import { networkItem } from '../network-support';
import { normalizerProperties } from './network-property-support';

describe('elbv2-listener normalizer properties', () => {
  normalizerProperties({
    type: 'AWS::ElasticLoadBalancingV2::Listener',
    configItem: networkItem('config-ci-elbv2-listener.json'),
    logicalId: 'Listener',
    template: {
      Listener: {
        Type: 'AWS::ElasticLoadBalancingV2::Listener',
        Properties: {
          LoadBalancerArn: 'arn:lb',
          Protocol: 'HTTP',
          Port: 80,
          DefaultActions: [
            { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
          ],
        },
      },
    },
  });
});
