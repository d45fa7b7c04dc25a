import type { Ec2Eip } from '../../model/resources/ec2-eip';
import type { Unknown } from '../../model/unknown';
import { ResourceReference } from '../cloudformation/reference';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asString } from '../values';

export default defineNormalizer<Ec2Eip>({
  resourceType: 'AWS::EC2::EIP',

  // Field names: awslabs/aws-config-resource-schema AWS::EC2::EIP.properties.json
  // (configuration.allocationId, associationId, instanceId, networkInterfaceId, publicIp).
  // A NAT gateway's or load balancer's address is associated through its network interface.
  fromConfigItem(item, source) {
    const c = item.configuration;
    const association = nonEmpty(asString(c.associationId));
    const instance = nonEmpty(asString(c.instanceId));
    const eni = nonEmpty(asString(c.networkInterfaceId));
    const publicIp = asString(c.publicIp);
    const target = instance ?? eni ?? association;
    // One object from the base, no spread: spreading a populated object is V8's slow path.
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::EC2::EIP' as const,
      ...(typeof publicIp === 'string' ? { publicIp } : {}),
      associated: target !== undefined,
      ...(target !== undefined ? { associatedWith: target } : {}),
    });
  },

  // An address is associated in a template by its own InstanceId, or by another resource that
  // names it: AWS::EC2::EIPAssociation (AllocationId / EIP), AWS::EC2::NatGateway (AllocationId),
  // a network load balancer's SubnetMappings, ...
  fromCloudFormation(resource, scope) {
    const instance = resource.properties.InstanceId;
    if (instance !== undefined && instance !== null) {
      return Object.assign(baseFromCloudFormation(resource), {
        type: 'AWS::EC2::EIP' as const,
        associated: true,
        associatedWith:
          instance instanceof ResourceReference
            ? instance.logicalId
            : typeof instance === 'string'
              ? instance
              : 'an instance set at deploy time',
      });
    }
    const users = scope.mentioning(resource.logicalId);
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::EC2::EIP' as const,
      associated: users.length > 0,
      ...(users.length > 0 ? { associatedWith: `${users[0]!.type} ${users[0]!.logicalId}` } : {}),
    });
  },
});

function nonEmpty(value: string | Unknown | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
