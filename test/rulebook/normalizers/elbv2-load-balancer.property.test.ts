import { describe } from 'vitest';
import { networkItem } from '../network-support';
import { normalizerProperties } from './network-property-support';

describe('elbv2-load-balancer normalizer properties', () => {
  normalizerProperties({
    type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    configItem: networkItem('config-ci-elbv2-load-balancer.json'),
    logicalId: 'Alb',
    template: {
      Alb: {
        Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        Properties: {
          Subnets: ['subnet-1', 'subnet-2'],
          SecurityGroups: ['sg-1'],
          Scheme: 'internet-facing',
        },
      },
      Waf: {
        Type: 'AWS::WAFv2::WebACLAssociation',
        Properties: {
          ResourceArn: { Ref: 'Alb' },
          WebACLArn: 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/x/1',
        },
      },
    },
  });
});
