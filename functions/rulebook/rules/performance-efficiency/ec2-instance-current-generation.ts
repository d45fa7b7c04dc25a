import { fail, pass, unknown } from '../../model/evaluation';
import type { Ec2Instance } from '../../model/resources/ec2-instance';
import { Unknown } from '../../model/unknown';
import { familyOf, previousGenerationReplacement } from '../../network/instance-types';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'ec2-instance-current-generation',
  title: 'EC2 instances use a current-generation instance type',
  pillar: 'performance-efficiency',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::EC2::Instance'] },
  source: {
    seed: '004',
    section: 'The AWS Well-Architected Framework / 4. Performance Efficiency (right instance types)',
  },
  rationale:
    'Previous-generation families (t2, m4, c4, r4, m3, ...) run on older Xen hosts with less network and EBS ' +
    'bandwidth and cost more per unit of performance than their Nitro successors.',
  recommendation: 'Move to the current family named in the finding (stop, change the instance type, start).',
  expectedImpact:
    'Typically 10-40 % better price-performance and access to Nitro features (ENA, EBS-optimised).',
  references: { configRules: ['DESIRED_INSTANCE_TYPE'] },
  evaluate(instance: Ec2Instance) {
    const type = instance.instanceType;
    if (type instanceof Unknown) return unknown('The instance type is set at deploy time', type);
    if (type === undefined) return unknown('The instance type is not recorded');
    const family = familyOf(type);
    const replacement = previousGenerationReplacement(family);
    if (!replacement) return pass(`${type} is a current-generation type`);
    return fail(`${type} is a previous-generation type; use ${replacement}`, {
      instanceType: type,
      family,
      suggested: replacement,
    });
  },
});
