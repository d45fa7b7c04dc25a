import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

/**
 * One permission of a security group, one peer each: a rule with two CIDRs in the EC2 API becomes
 * two entries, so a finding can name (and a remediation revoke) exactly the open one.
 */
export interface SecurityGroupRule {
  /** Lower-case protocol name (`tcp`, `udp`, `icmp`, `icmpv6`) or `-1` for all protocols and ports. */
  protocol: Maybe<string>;
  /** `undefined` when the rule covers every port (protocol `-1`, or no port given). */
  fromPort: Maybe<number> | undefined;
  toPort: Maybe<number> | undefined;
  /** IPv4 or IPv6 CIDR; `undefined` when the peer is a security group or a prefix list. */
  cidr: Maybe<string> | undefined;
  sourceSecurityGroupId?: Maybe<string>;
  prefixListId?: Maybe<string>;
  description?: Maybe<string>;
  /** Template: the logical id of the standalone `AWS::EC2::SecurityGroupIngress`/`Egress` it came from. */
  declaredIn?: string;
  /** Template: the allow-all egress rule EC2 adds when a template declares no egress. */
  implicit?: boolean;
}

export interface Ec2SecurityGroup extends ResourceBase {
  type: 'AWS::EC2::SecurityGroup';
  groupId: Maybe<string> | undefined;
  groupName: Maybe<string> | undefined;
  vpcId: Maybe<string> | undefined;
  ingress: Maybe<SecurityGroupRule[]>;
  egress: Maybe<SecurityGroupRule[]>;
  /**
   * Is the group attached to a load balancer? Templates: an ELBv2 load balancer lists it in
   * `SecurityGroups`. Config items: a relationship to a load balancer says yes; without one this is
   * `undefined` ("not visible from this item") and rules consult the inventory.
   */
  attachedToLoadBalancer: Maybe<boolean> | undefined;
  /** Config: network interfaces / instances the group is attached to (relationships). */
  attachmentCount?: number;
}
