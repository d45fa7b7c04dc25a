import { fail, pass, unknown } from '../../model/evaluation';
import type { Elbv2LoadBalancer } from '../../model/resources/elbv2-load-balancer';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'elbv2-load-balancer-multi-az',
  title: 'Load balancers span at least two Availability Zones',
  pillar: 'reliability',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'] },
  source: {
    seed: '004',
    section: 'The AWS Well-Architected Framework / 3. Reliability (multi-AZ, Elastic Load Balancing)',
  },
  rationale:
    'A load balancer enabled in one zone fails with that zone. The 3-tier VPC of seed 001 places the ALB in ' +
    'public subnets of two zones.',
  recommendation: 'Add a subnet in a second (and third) Availability Zone to the load balancer.',
  expectedImpact: 'The entry point survives the loss of one Availability Zone.',
  references: { securityHub: ['ELB.13'], configRules: ['ELBV2_MULTIPLE_AZ'] },
  evaluate(lb: Elbv2LoadBalancer) {
    if (lb.zoneCount instanceof Unknown) return unknown('The subnets are set at deploy time', lb.zoneCount);
    if (lb.zoneCount >= 2) return pass(`Enabled in ${lb.zoneCount} Availability Zones`);
    return fail(`Enabled in ${lb.zoneCount} Availability Zone(s) only`, { zoneCount: lb.zoneCount });
  },
});
