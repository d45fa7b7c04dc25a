import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface Elbv2LoadBalancer extends ResourceBase {
  type: 'AWS::ElasticLoadBalancingV2::LoadBalancer';
  /** `application` (CloudFormation default), `network` or `gateway`. */
  lbType: Maybe<string>;
  /** `internet-facing` (CloudFormation default) or `internal`. */
  scheme: Maybe<string>;
  /**
   * Availability Zones the load balancer is enabled in. Templates: the number of subnets or subnet
   * mappings (ELB accepts one subnet per zone).
   */
  zoneCount: Maybe<number>;
  securityGroups: Maybe<Array<Maybe<string>>>;
  /**
   * Template: an `AWS::WAFv2::WebACLAssociation` names it in `ResourceArn`. Config items carry no
   * WAF field: `undefined`.
   */
  wafWebAcl: Maybe<boolean> | undefined;
}
