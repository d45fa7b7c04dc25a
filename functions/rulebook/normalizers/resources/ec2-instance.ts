import type { Ec2Instance } from '../../model/resources/ec2-instance';
import { type Maybe, Unknown } from '../../model/unknown';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asArray, asBoolean, asString, get } from '../values';

export default defineNormalizer<Ec2Instance>({
  resourceType: 'AWS::EC2::Instance',

  // Field names: awslabs/aws-config-resource-schema AWS::EC2::Instance.properties.json
  // (instanceType, architecture, subnetId, vpcId, publicIpAddress, networkInterfaces[].association.publicIp).
  fromConfigItem(item, source) {
    const c = item.configuration;
    const address =
      asString(c.publicIpAddress) ?? asString(get(c, 'networkInterfaces', 0, 'association', 'publicIp'));
    const publicIpAddress = typeof address === 'string' && address !== '' ? address : undefined;
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::EC2::Instance' as const,
      instanceType: asString(c.instanceType),
      architecture: asString(c.architecture),
      subnetId: asString(c.subnetId),
      vpcId: asString(c.vpcId),
      publicIp: address instanceof Unknown ? address : publicIpAddress !== undefined,
      ...(publicIpAddress ? { publicIpAddress } : {}),
    });
  },

  // Property names: AWS::EC2::Instance (InstanceType, SubnetId, NetworkInterfaces[].AssociatePublicIpAddress).
  fromCloudFormation(resource) {
    const p = resource.properties;
    const interfaces = asArray(p.NetworkInterfaces);
    const primary = Array.isArray(interfaces)
      ? (interfaces.find((eni) => String(get(eni, 'DeviceIndex')) === '0') ?? interfaces[0])
      : undefined;
    const publicIp: Maybe<boolean> | undefined =
      interfaces instanceof Unknown ? interfaces : asBoolean(get(primary, 'AssociatePublicIpAddress'));
    const subnet = asString(p.SubnetId) ?? asString(get(primary, 'SubnetId'));
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::EC2::Instance' as const,
      instanceType: asString(p.InstanceType) ?? 'm1.small',
      architecture: undefined,
      subnetId: interfaces instanceof Unknown && subnet === undefined ? interfaces : subnet,
      vpcId: undefined,
      publicIp,
    });
  },
});
