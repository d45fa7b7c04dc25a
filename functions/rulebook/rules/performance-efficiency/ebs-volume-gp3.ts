import { fail, pass, unknown } from '../../model/evaluation';
import type { Ec2Volume } from '../../model/resources/ec2-volume';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

/** Previous-generation types with a current replacement. */
const REPLACEMENTS: Record<string, string> = { gp2: 'gp3', standard: 'gp3' };

export default defineRule({
  id: 'ebs-volume-gp3',
  title: 'EBS volumes use current-generation gp3 instead of gp2',
  pillar: 'performance-efficiency',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::EC2::Volume'] },
  source: {
    seed: '004',
    section: 'The AWS Well-Architected Framework / 4. Performance Efficiency (right storage options)',
  },
  rationale:
    'gp3 gives every volume a 3,000 IOPS and 125 MiB/s baseline independent of its size and costs about 20% less ' +
    'per GiB than gp2, whose performance is tied to size and burst credits. Magnetic (standard) volumes are a ' +
    'previous generation.',
  recommendation:
    'Set VolumeType: gp3 (CloudFormation defaults to gp2); existing volumes change type in place with Elastic ' +
    'Volumes, without downtime.',
  expectedImpact: 'Predictable baseline performance and a lower storage bill.',
  evaluate(volume: Ec2Volume) {
    const type = volume.volumeType;
    if (type instanceof Unknown) return unknown('The volume type is not known', type);
    const replacement = REPLACEMENTS[type];
    if (!replacement) return pass(`The volume type is ${type}`);
    return fail(
      volume.volumeTypeIsDefault
        ? `VolumeType is not set, so CloudFormation creates a ${type} volume; use ${replacement}`
        : `The volume type is ${type}; ${replacement} is faster at baseline and cheaper`,
      { volumeType: type, recommended: replacement },
    );
  },
});
