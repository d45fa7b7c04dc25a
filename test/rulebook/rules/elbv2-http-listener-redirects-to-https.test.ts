import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/elbv2-http-listener-redirects-to-https';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { networkItem } from '../network-support';

const listener = () => networkItem('config-ci-elbv2-listener.json');
const redirect = (protocol: unknown) => [
  { Type: 'redirect', RedirectConfig: { Protocol: protocol, Port: '443', StatusCode: 'HTTP_301' } },
];

describe('elbv2-http-listener-redirects-to-https', () => {
  describe('Config item', () => {
    it('fails for the fixture: HTTP:80 forwards to a target group', () => {
      const result = runOnConfigItem(rule, listener());
      expect(result.status).toBe('fail');
      expect(result.evidence).toMatchObject({ port: 80, defaultActions: ['forward'] });
    });
    const cases = [
      { name: 'redirect to HTTPS', actions: redirect('HTTPS'), protocol: 'HTTP', status: 'pass' },
      {
        name: 'redirect keeping #{protocol}',
        actions: redirect('#{protocol}'),
        protocol: 'HTTP',
        status: 'fail',
      },
      { name: 'HTTPS listener', actions: [{ Type: 'forward' }], protocol: 'HTTPS', status: 'not-applicable' },
    ] as const;
    it.each(cases)('$name -> $status', ({ actions, protocol, status }) => {
      const item = listener();
      item.configuration.DefaultActions = actions;
      item.configuration.Protocol = protocol;
      expect(runOnConfigItem(rule, item).status).toBe(status);
    });
  });

  describe('CloudFormation', () => {
    const cases = [
      {
        name: 'HTTP forward',
        props: {
          Protocol: 'HTTP',
          Port: 80,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Tg' } }],
        },
        status: 'fail',
      },
      {
        name: 'HTTP redirect to HTTPS',
        props: { Protocol: 'HTTP', Port: 80, DefaultActions: redirect('HTTPS') },
        status: 'pass',
      },
      {
        name: 'fixed response',
        props: {
          Protocol: 'HTTP',
          Port: 80,
          DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
        },
        status: 'fail',
      },
      {
        name: 'protocol from a parameter',
        props: { Protocol: { Ref: 'Proto' }, Port: 80, DefaultActions: redirect('HTTPS') },
        status: 'unknown',
      },
      {
        name: 'redirect protocol from a parameter',
        props: { Protocol: 'HTTP', Port: 80, DefaultActions: redirect({ Ref: 'Proto' }) },
        status: 'unknown',
      },
    ] as const;
    it.each(cases)('$name -> $status', ({ props, status }) => {
      const template = {
        Parameters: { Proto: { Type: 'String' } },
        Resources: {
          Tg: {
            Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
            Properties: { Port: 80, Protocol: 'HTTP' },
          },
          Listener: {
            Type: 'AWS::ElasticLoadBalancingV2::Listener',
            Properties: { LoadBalancerArn: { Ref: 'Alb' }, ...props },
          },
        },
      };
      expect(runOnTemplate(rule, template, 'Listener').status).toBe(status);
    });
  });
});
