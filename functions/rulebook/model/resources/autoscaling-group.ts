import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface AutoScalingGroup extends ResourceBase {
  type: 'AWS::AutoScaling::AutoScalingGroup';
  /**
   * Zones the group launches into: Config's `availabilityZones`; in templates `AvailabilityZones`
   * or the zones of the `VPCZoneIdentifier` subnets (Unknown entries for subnets outside the template).
   */
  availabilityZones: Maybe<Array<Maybe<string>>>;
  subnetCount: Maybe<number> | undefined;
}
