import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface Ec2Subnet extends ResourceBase {
  type: 'AWS::EC2::Subnet';
  subnetId: Maybe<string> | undefined;
  vpcId: Maybe<string> | undefined;
  availabilityZone: Maybe<string> | undefined;
  /** Instances launched here get a public IPv4 address unless they ask otherwise. */
  mapPublicIpOnLaunch: Maybe<boolean>;
  /** Default subnet of a default VPC (Config items only): routed to an internet gateway by AWS. */
  defaultForAz?: boolean;
}
