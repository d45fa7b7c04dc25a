import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface Ec2Instance extends ResourceBase {
  type: 'AWS::EC2::Instance';
  instanceType: Maybe<string> | undefined;
  /** `x86_64`, `arm64`, ... (Config items only; templates derive it from the instance type). */
  architecture: Maybe<string> | undefined;
  /** Subnet id, or a `ResourceReference` to a template subnet; `undefined`: the default subnet. */
  subnetId: Maybe<string> | undefined;
  vpcId: Maybe<string> | undefined;
  /**
   * Does the instance have (Config) or get (template) a public IPv4 address? `undefined` in a
   * template without `AssociatePublicIpAddress`: the subnet's `MapPublicIpOnLaunch` decides.
   */
  publicIp: Maybe<boolean> | undefined;
  /** The address itself, Config items only. */
  publicIpAddress?: string;
}
