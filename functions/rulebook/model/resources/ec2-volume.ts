import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface Ec2Volume extends ResourceBase {
  type: 'AWS::EC2::Volume';
  encrypted: Maybe<boolean>;
  /** Attached to an instance. */
  attached: Maybe<boolean>;
  /** Instances (ids, or logical ids in a template) the volume is attached to. */
  attachedTo: string[];
  /** `gp2`, `gp3`, `io1`, `io2`, `st1`, `sc1`, `standard`. */
  volumeType: Maybe<string>;
  /** True when the type is CloudFormation's default because the template does not set it. */
  volumeTypeIsDefault?: boolean;
  sizeGiB?: Maybe<number>;
}
