import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/elbv2-alb-waf-enabled';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { networkItem } from '../network-support';

describe('elbv2-alb-waf-enabled', () => {
  describe('Config item', () => {
    it('is unknown: the load balancer item has no WAF field', () => {
      expect(runOnConfigItem(rule, networkItem('config-ci-elbv2-load-balancer.json')).status).toBe('unknown');
    });
    it.each([
      { field: 'scheme', value: 'internal' },
      { field: 'type', value: 'network' },
    ])('is not applicable when $field is $value', ({ field, value }) => {
      const item = networkItem('config-ci-elbv2-load-balancer.json');
      item.configuration[field] = value;
      expect(runOnConfigItem(rule, item).status).toBe('not-applicable');
    });
  });

  describe('CloudFormation', () => {
    const alb = (props: Record<string, unknown> = {}) => ({
      Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      Properties: { Subnets: ['subnet-1', 'subnet-2'], ...props },
    });
    const association = {
      Type: 'AWS::WAFv2::WebACLAssociation',
      Properties: { ResourceArn: { Ref: 'Alb' }, WebACLArn: { 'Fn::GetAtt': ['Acl', 'Arn'] } },
    };
    const cases = [
      {
        name: 'public ALB without WAF (Scheme defaults to internet-facing)',
        resources: { Alb: alb() },
        status: 'fail',
      },
      {
        name: 'public ALB with a WebACLAssociation',
        resources: { Alb: alb(), Assoc: association },
        status: 'pass',
      },
      { name: 'internal ALB', resources: { Alb: alb({ Scheme: 'internal' }) }, status: 'not-applicable' },
      {
        name: 'scheme from a parameter',
        resources: { Alb: alb({ Scheme: { Ref: 'Scheme' } }) },
        status: 'unknown',
      },
    ] as const;
    it.each(cases)('$name -> $status', ({ resources, status }) => {
      const template = { Parameters: { Scheme: { Type: 'String' } }, Resources: resources };
      expect(runOnTemplate(rule, template, 'Alb').status).toBe(status);
    });
  });
});
