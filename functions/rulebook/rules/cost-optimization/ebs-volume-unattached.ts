import { fail, pass, unknown } from '../../model/evaluation';
import type { Ec2Volume } from '../../model/resources/ec2-volume';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'ebs-volume-unattached',
  title: 'EBS volumes are attached to an instance',
  pillar: 'cost-optimization',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::EC2::Volume'] },
  source: {
    seed: '004',
    section:
      'Common AWS Cost Surprises / Unused Resources (orphaned EBS volumes); Rule 3: Audit Infrastructure Regularly',
  },
  rationale:
    'A detached volume keeps costing its full provisioned size (and IOPS/throughput) every month while nothing ' +
    'uses it; orphaned volumes are one of the most common sources of waste.',
  recommendation:
    'Confirm the volume is not needed, take a snapshot (much cheaper, and can go to the archive tier), then ' +
    'delete the volume.',
  expectedImpact: 'The monthly charge for the volume stops; the data stays recoverable from the snapshot.',
  references: { configRules: ['EC2_VOLUME_INUSE_CHECK'] },
  remediation: 'ebs-snapshot-and-delete-volume',
  evaluate(volume: Ec2Volume) {
    const attached = volume.attached;
    if (attached instanceof Unknown) return unknown('Whether the volume is attached is not known', attached);
    if (attached) return pass(`The volume is attached to ${volume.attachedTo.join(', ') || 'an instance'}`);
    const size = typeof volume.sizeGiB === 'number' ? volume.sizeGiB : undefined;
    const type = typeof volume.volumeType === 'string' ? volume.volumeType : undefined;
    return fail(
      volume.source === 'cloudformation'
        ? 'No VolumeAttachment or instance in the template attaches this volume'
        : `The volume is not attached to any instance (state available)${size ? `: ${size} GiB ${type ?? ''} paid for but unused` : ''}`,
      {
        attached: false,
        ...(size !== undefined ? { sizeGiB: size } : {}),
        ...(type ? { volumeType: type } : {}),
      },
    );
  },
});
