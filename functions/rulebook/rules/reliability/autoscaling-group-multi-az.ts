import { fail, pass, unknown } from '../../model/evaluation';
import type { AutoScalingGroup } from '../../model/resources/autoscaling-group';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'autoscaling-group-multi-az',
  title: 'Auto Scaling groups span at least two Availability Zones',
  pillar: 'reliability',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'] },
  source: {
    seed: '004',
    section: 'The AWS Well-Architected Framework / 3. Reliability (multi-AZ, Auto Scaling)',
  },
  rationale:
    'Auto Scaling replaces failed instances, but only in the zones it may use: a one-zone group goes down ' +
    'with its zone.',
  recommendation: 'List subnets in at least two Availability Zones in VPCZoneIdentifier.',
  expectedImpact: 'Capacity is rebalanced to the healthy zones when one zone fails.',
  references: { securityHub: ['AutoScaling.2'], configRules: ['AUTOSCALING_MULTIPLE_AZ'] },
  evaluate(group: AutoScalingGroup) {
    const zones = group.availabilityZones;
    if (zones instanceof Unknown) return unknown('The zones are set at deploy time', zones);
    const known = new Set(zones.filter((z): z is string => typeof z === 'string'));
    if (known.size >= 2) return pass(`Spans ${known.size} Availability Zones`);
    const hidden = zones.find((z) => z instanceof Unknown);
    if (hidden instanceof Unknown) return unknown('The zone of a subnet is not known', hidden);
    return fail(`Uses ${known.size} Availability Zone(s) only`, { availabilityZones: [...known] });
  },
});
