import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { Ec2Instance } from '../../model/resources/ec2-instance';
import { Unknown } from '../../model/unknown';
import { familyOf, gravitonEquivalent, isGravitonFamily } from '../../network/instance-types';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'ec2-instance-graviton',
  title: 'EC2 instances use Graviton (Arm) where an equivalent family exists',
  pillar: 'sustainability',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::EC2::Instance'] },
  source: { seed: '003', section: 'Pillar Review Questions / Sustainability (Graviton where compatible)' },
  rationale:
    'Graviton instances use up to 60 % less energy than comparable x86 instances for the same performance ' +
    '(seed 003: "Are Graviton (ARM) instances used where compatible (40% more energy efficient)?").',
  recommendation:
    'Rebuild the workload for arm64 (most interpreted runtimes and containers need only a multi-arch image) ' +
    'and move to the Graviton family named in the finding.',
  expectedImpact: 'Less energy per request and typically about 20 % lower instance cost.',
  evaluate(instance: Ec2Instance) {
    if (instance.architecture === 'arm64') return pass('The instance runs on Arm (Graviton)');
    const type = instance.instanceType;
    if (type instanceof Unknown) return unknown('The instance type is set at deploy time', type);
    if (type === undefined) return unknown('The instance type is not recorded');
    const family = familyOf(type);
    if (isGravitonFamily(family)) return pass(`${type} is a Graviton type`);
    const equivalent = gravitonEquivalent(family);
    if (!equivalent) return notApplicable(`${family} has no Graviton equivalent`);
    return fail(`${type} is x86; the Graviton family ${equivalent} fits the same workload class`, {
      instanceType: type,
      family,
      suggested: equivalent,
    });
  },
});
