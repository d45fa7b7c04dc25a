import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface Elbv2ListenerAction {
  type: Maybe<string>;
  /** For `redirect` actions: the target protocol (`HTTPS`, `HTTP`, `#{protocol}`). */
  redirectProtocol?: Maybe<string>;
}

export interface Elbv2Listener extends ResourceBase {
  type: 'AWS::ElasticLoadBalancingV2::Listener';
  /** `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP`, `GENEVE`. */
  protocol: Maybe<string> | undefined;
  port: Maybe<number> | undefined;
  sslPolicy: Maybe<string> | undefined;
  /** True when the template omits `SslPolicy` and CloudFormation's default applies. */
  sslPolicyIsDefault?: boolean;
  defaultActions: Maybe<Elbv2ListenerAction[]>;
  loadBalancer: Maybe<string> | undefined;
}
