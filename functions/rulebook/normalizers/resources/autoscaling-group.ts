import type { AutoScalingGroup } from '../../model/resources/autoscaling-group';
import { type Maybe, Unknown } from '../../model/unknown';
import { ResourceReference } from '../cloudformation/reference';
import { referenced, stringList } from '../network/shared';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asArray, asString } from '../values';

export default defineNormalizer<AutoScalingGroup>({
  resourceType: 'AWS::AutoScaling::AutoScalingGroup',

  // Field names: awslabs/aws-config-resource-schema AWS::AutoScaling::AutoScalingGroup.properties.json
  // (availabilityZones[], vpczoneIdentifier "subnet-a,subnet-b").
  fromConfigItem(item, source) {
    const c = item.configuration;
    const zoneIdentifier = asString(c.vpczoneIdentifier ?? c.vpcZoneIdentifier);
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::AutoScaling::AutoScalingGroup' as const,
      availabilityZones: stringList(c.availabilityZones) ?? [],
      subnetCount:
        typeof zoneIdentifier === 'string'
          ? zoneIdentifier.split(',').filter((s) => s.trim() !== '').length
          : zoneIdentifier,
    });
  },

  // Property names: AWS::AutoScaling::AutoScalingGroup (AvailabilityZones, VPCZoneIdentifier).
  fromCloudFormation(resource, scope) {
    const p = resource.properties;
    const zones = stringList(p.AvailabilityZones);
    const subnets = asArray(p.VPCZoneIdentifier);
    let availabilityZones: Maybe<Array<Maybe<string>>>;
    if (zones !== undefined && !(zones instanceof Unknown && subnets !== undefined)) {
      availabilityZones = zones;
    } else if (subnets instanceof Unknown) {
      availabilityZones = subnets;
    } else if (subnets === undefined) {
      availabilityZones = new Unknown('neither AvailabilityZones nor VPCZoneIdentifier is set');
    } else {
      availabilityZones = subnets.map((subnet) => {
        const target = referenced(scope, subnet, 'AWS::EC2::Subnet');
        if (target)
          return (
            asString(target.properties.AvailabilityZone) ??
            new Unknown(`${target.logicalId} has no AvailabilityZone`)
          );
        return subnet instanceof ResourceReference || subnet instanceof Unknown
          ? new Unknown('the zone of a subnet outside the template is not known')
          : new Unknown(`the zone of subnet ${String(subnet)} is not in the template`);
      });
    }
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::AutoScaling::AutoScalingGroup' as const,
      availabilityZones,
      subnetCount: subnets instanceof Unknown ? subnets : subnets?.length,
    });
  },
});
