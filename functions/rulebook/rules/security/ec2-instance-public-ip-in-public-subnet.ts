import { fail, pass, unknown } from '../../model/evaluation';
import type { Ec2Instance } from '../../model/resources/ec2-instance';
import { Unknown } from '../../model/unknown';
import { findSubnet, subnetIsPublic } from '../../network/topology';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'ec2-instance-public-ip-in-public-subnet',
  title: 'EC2 instances with a public IP address sit in a public subnet',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::EC2::Instance'] },
  source: {
    seed: '001',
    section: 'VPC Architecture / Standard 3-Tier VPC (public, private, database subnets)',
  },
  rationale:
    'In the 3-tier VPC only the public subnets (NAT gateways, load balancers) face the internet; ' +
    'application servers live in private subnets. A public address on an instance in a private subnet ' +
    'is either a mistake waiting for a route change or a sign that the tiers are mixed up.',
  recommendation:
    'Launch application instances without a public IP (AssociatePublicIpAddress: false, subnets with ' +
    'MapPublicIpOnLaunch: false) and expose them through a load balancer in the public subnets; use ' +
    'Session Manager for administration.',
  expectedImpact: 'Instances are reachable only through the load balancer or the VPC.',
  references: {
    securityHub: ['EC2.9', 'EC2.15'],
    configRules: ['EC2_INSTANCE_NO_PUBLIC_IP', 'SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED'],
  },
  evaluate(instance: Ec2Instance, ctx) {
    const subnet = findSubnet(ctx.inventory, instance.subnetId);
    let publicIp = instance.publicIp;
    if (publicIp === undefined) {
      if (instance.subnetId === undefined) {
        return pass('Launched into the default subnet of the default VPC, which is public');
      }
      publicIp = subnet
        ? subnet.mapPublicIpOnLaunch
        : new Unknown('whether the subnet assigns public IPs (MapPublicIpOnLaunch) is not in view');
    }
    if (publicIp instanceof Unknown)
      return unknown('Whether the instance gets a public IP is not known', publicIp);
    if (!publicIp) return pass('The instance has no public IP address');
    const isPublic = subnetIsPublic(ctx.inventory, instance.subnetId, subnet);
    if (isPublic instanceof Unknown) {
      return unknown('The instance has a public IP; whether its subnet is public is not known', isPublic);
    }
    if (isPublic) return pass('The instance has a public IP in a public subnet');
    return fail('The instance has a public IP address but its subnet has no route to an internet gateway', {
      subnetId: instance.subnetId,
      ...(instance.publicIpAddress ? { publicIpAddress: instance.publicIpAddress } : {}),
    });
  },
});
