import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface Ec2FlowLog extends ResourceBase {
  type: 'AWS::EC2::FlowLog';
  /** The VPC, subnet or network interface it records (a reference in templates). */
  resourceId: Maybe<string>;
  /** `ACTIVE` on Config items; templates: undefined. */
  status?: Maybe<string>;
  trafficType: Maybe<string> | undefined;
}
