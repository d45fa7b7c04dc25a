import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface Ec2Eip extends ResourceBase {
  type: 'AWS::EC2::EIP';
  publicIp?: string;
  /** Associated with an instance, a network interface (NAT gateway, load balancer) or similar. */
  associated: Maybe<boolean>;
  /** What it is associated with: instance or ENI id, association id, or the referring logical id. */
  associatedWith?: string;
}
