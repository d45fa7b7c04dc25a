import type { Ec2Subnet } from '../../model/resources/ec2-subnet';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asBoolean, asString } from '../values';

export default defineNormalizer<Ec2Subnet>({
  resourceType: 'AWS::EC2::Subnet',

  // Field names: awslabs/aws-config-resource-schema AWS::EC2::Subnet.properties.json.
  fromConfigItem(item, source) {
    const c = item.configuration;
    const defaultForAz = asBoolean(c.defaultForAz);
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::EC2::Subnet' as const,
      subnetId: asString(c.subnetId) ?? item.resourceId,
      vpcId: asString(c.vpcId),
      availabilityZone: asString(c.availabilityZone) ?? item.availabilityZone,
      mapPublicIpOnLaunch: asBoolean(c.mapPublicIpOnLaunch) ?? false,
      ...(defaultForAz === true ? { defaultForAz: true } : {}),
    });
  },

  // Property names: AWS::EC2::Subnet (VpcId, AvailabilityZone, MapPublicIpOnLaunch default false).
  fromCloudFormation(resource) {
    const p = resource.properties;
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::EC2::Subnet' as const,
      subnetId: undefined,
      vpcId: asString(p.VpcId),
      availabilityZone: asString(p.AvailabilityZone),
      mapPublicIpOnLaunch: asBoolean(p.MapPublicIpOnLaunch) ?? false,
    });
  },
});
