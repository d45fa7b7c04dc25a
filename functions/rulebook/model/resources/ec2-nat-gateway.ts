import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

/** Contract with the cost rules: `vpcId` and `subnetId` (references in templates; compare with `sameValue`). */
export interface Ec2NatGateway extends ResourceBase {
  type: 'AWS::EC2::NatGateway';
  natGatewayId: Maybe<string> | undefined;
  /** Templates have no `VpcId` property: it is the `VpcId` of the NAT gateway's template subnet. */
  vpcId: Maybe<string>;
  subnetId: Maybe<string>;
  /** `public` (default) or `private`. */
  connectivityType: Maybe<string>;
  /** Config items: `pending`, `available`, `deleting`, ...; templates: undefined. */
  state?: Maybe<string>;
}
