import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface Ec2Vpc extends ResourceBase {
  type: 'AWS::EC2::VPC';
  vpcId: Maybe<string> | undefined;
  cidrBlock: Maybe<string> | undefined;
  isDefault?: boolean;
  /**
   * Template: true when an `AWS::EC2::FlowLog` names this VPC in `ResourceId`, false otherwise.
   * Config items have no flow-log field: `undefined` (not visible), and rules say unknown.
   */
  flowLogs: Maybe<boolean> | undefined;
}
