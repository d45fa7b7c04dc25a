import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

/**
 * Contract with the cost rules: `vpcId`, `serviceName` (often a `PartialString` in templates, test it
 * with `endsWithKnown`), `endpointType` and `routeTableIds`.
 */
export interface Ec2VpcEndpoint extends ResourceBase {
  type: 'AWS::EC2::VPCEndpoint';
  vpcEndpointId: Maybe<string> | undefined;
  vpcId: Maybe<string>;
  /** e.g. `com.amazonaws.eu-west-1.s3`. */
  serviceName: Maybe<string>;
  /** `Gateway`, `Interface`, `GatewayLoadBalancer`, ...; CloudFormation's default is `Gateway`. */
  endpointType: Maybe<string>;
  routeTableIds: Maybe<string[]>;
  /**
   * Config items: `available`, `pending`, `deleted`, ... Read from `state` whether it is a string
   * or `{ value }` (the CI representation is not confirmed, aws-facts.md §9). Templates: undefined.
   */
  state?: Maybe<string>;
}
