import type { Elbv2Listener, Elbv2ListenerAction } from '../../model/resources/elbv2-listener';
import { type Maybe, Unknown } from '../../model/unknown';
import { either } from '../network/shared';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asArray, asNumber, asString, get } from '../values';

/** Listeners created by CloudFormation, the CLI or the CDK without `SslPolicy` get this (TLS 1.0+). */
export const CLOUDFORMATION_DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08';

export default defineNormalizer<Elbv2Listener>({
  resourceType: 'AWS::ElasticLoadBalancingV2::Listener',

  // Field names: awslabs/aws-config-resource-schema AWS::ElasticLoadBalancingV2::Listener.properties.json
  // (PascalCase: Protocol, Port, SslPolicy, DefaultActions[].Type/RedirectConfig.Protocol, LoadBalancerArn).
  fromConfigItem(item, source) {
    const c = item.configuration;
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::ElasticLoadBalancingV2::Listener' as const,
      protocol: upper(asString(either(c, 'Protocol', 'protocol'))),
      port: asNumber(either(c, 'Port', 'port')),
      sslPolicy: asString(either(c, 'SslPolicy', 'sslPolicy')),
      defaultActions: actions(either(c, 'DefaultActions', 'defaultActions')),
      loadBalancer: asString(either(c, 'LoadBalancerArn', 'loadBalancerArn')),
    });
  },

  // Property names: AWS::ElasticLoadBalancingV2::Listener.
  fromCloudFormation(resource) {
    const p = resource.properties;
    const protocol = upper(asString(p.Protocol));
    const declaredPolicy = asString(p.SslPolicy);
    const secure = protocol === 'HTTPS' || protocol === 'TLS';
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::ElasticLoadBalancingV2::Listener' as const,
      protocol,
      port: asNumber(p.Port),
      sslPolicy: declaredPolicy ?? (secure ? CLOUDFORMATION_DEFAULT_SSL_POLICY : undefined),
      ...(declaredPolicy === undefined && secure ? { sslPolicyIsDefault: true } : {}),
      defaultActions: actions(p.DefaultActions),
      loadBalancer: asString(p.LoadBalancerArn),
    });
  },
});

function upper(value: Maybe<string> | undefined): Maybe<string> | undefined {
  return typeof value === 'string' ? value.toUpperCase() : value;
}

function actions(value: unknown): Maybe<Elbv2ListenerAction[]> {
  const list = asArray(value);
  if (list instanceof Unknown) return list;
  return (list ?? []).map((action) => {
    const type = asString(either(action, 'Type', 'type')) ?? new Unknown('action without a type');
    const redirect = either(action, 'RedirectConfig', 'redirectConfig');
    return {
      type: typeof type === 'string' ? type.toLowerCase() : type,
      ...(redirect === undefined
        ? {}
        : {
            redirectProtocol:
              upper(asString(get(redirect, 'Protocol') ?? get(redirect, 'protocol'))) ?? '#{PROTOCOL}',
          }),
    };
  });
}
