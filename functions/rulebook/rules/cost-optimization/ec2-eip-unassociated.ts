import { fail, pass, unknown } from '../../model/evaluation';
import type { Ec2Eip } from '../../model/resources/ec2-eip';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'ec2-eip-unassociated',
  title: 'Elastic IP addresses are associated with a resource',
  pillar: 'cost-optimization',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::EC2::EIP'] },
  source: { seed: '004', section: 'Common AWS Cost Surprises / Unused Resources (unattached Elastic IPs)' },
  rationale:
    'Every public IPv4 address is billed by the hour whether it is used or not; an Elastic IP that is not ' +
    'associated with an instance, NAT gateway or load balancer is pure cost (and an allocation others could misuse ' +
    'in DNS records that still point at it).',
  recommendation:
    'Release the address if nothing needs it, after checking no DNS record or allow-list still uses it.',
  expectedImpact: 'The hourly public IPv4 charge for the address stops.',
  references: { securityHub: ['EC2.12'], configRules: ['EIP_ATTACHED'] },
  remediation: 'ec2-release-elastic-ip',
  evaluate(eip: Ec2Eip) {
    const associated = eip.associated;
    if (associated instanceof Unknown)
      return unknown('Whether the address is associated is not known', associated);
    if (associated) return pass(`The address is associated with ${eip.associatedWith ?? 'a resource'}`);
    return fail(
      eip.source === 'cloudformation'
        ? 'No InstanceId and no resource in the template (EIPAssociation, NAT gateway, load balancer) uses this address'
        : `The Elastic IP${eip.publicIp ? ` ${eip.publicIp}` : ''} is not associated with any instance or network interface`,
      { associated: false, ...(eip.publicIp ? { publicIp: eip.publicIp } : {}) },
    );
  },
});
