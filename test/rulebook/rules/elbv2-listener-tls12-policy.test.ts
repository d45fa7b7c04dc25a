import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/elbv2-listener-tls12-policy';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { networkItem } from '../network-support';

describe('elbv2-listener-tls12-policy', () => {
  const policies = [
    { policy: 'ELBSecurityPolicy-2016-08', status: 'fail' },
    { policy: 'ELBSecurityPolicy-TLS-1-1-2017-01', status: 'fail' },
    { policy: 'ELBSecurityPolicy-FS-1-1-2019-08', status: 'fail' },
    { policy: 'ELBSecurityPolicy-TLS13-1-0-2021-06', status: 'fail' },
    { policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', status: 'pass' },
    { policy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06', status: 'pass' },
    { policy: 'ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04', status: 'pass' },
    { policy: 'ELBSecurityPolicy-FS-1-2-Res-2020-10', status: 'pass' },
    { policy: 'ELBSecurityPolicy-TLS-1-2-Ext-2018-06', status: 'pass' },
    { policy: 'SomeFuturePolicy-2030', status: 'unknown' },
  ] as const;

  it.each(policies)('Config item HTTPS listener with $policy -> $status', ({ policy, status }) => {
    const item = networkItem('config-ci-elbv2-listener.json');
    Object.assign(item.configuration, { Protocol: 'HTTPS', Port: 443, SslPolicy: policy });
    expect(runOnConfigItem(rule, item).status).toBe(status);
  });

  it('is not applicable to the fixture HTTP listener', () => {
    expect(runOnConfigItem(rule, networkItem('config-ci-elbv2-listener.json')).status).toBe('not-applicable');
  });

  const templates = [
    {
      name: 'HTTPS without SslPolicy gets ELBSecurityPolicy-2016-08',
      props: { Protocol: 'HTTPS' },
      status: 'fail',
    },
    {
      name: 'HTTPS with a TLS 1.3 policy',
      props: { Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06' },
      status: 'pass',
    },
    { name: 'NLB TLS listener without SslPolicy', props: { Protocol: 'TLS' }, status: 'fail' },
    {
      name: 'SslPolicy parameter',
      props: { Protocol: 'HTTPS', SslPolicy: { Ref: 'Policy' } },
      status: 'unknown',
    },
  ] as const;
  it.each(templates)('CloudFormation $name -> $status', ({ props, status }) => {
    const template = {
      Parameters: { Policy: { Type: 'String' } },
      Resources: {
        Listener: {
          Type: 'AWS::ElasticLoadBalancingV2::Listener',
          Properties: {
            LoadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/x/1',
            Port: 443,
            DefaultActions: [{ Type: 'forward', TargetGroupArn: 'tg' }],
            ...props,
          },
        },
      },
    };
    const result = runOnTemplate(rule, template, 'Listener');
    expect(result.status).toBe(status);
    if (status === 'fail')
      expect(result.evidence).toMatchObject({ sslPolicy: 'ELBSecurityPolicy-2016-08', defaulted: true });
  });
});
