import { defineRemediation, evidenceString, field, isCallError, notFixed, ok } from './remediation';

/**
 * Deletes an unattached EBS volume after taking a snapshot of it (the snapshot keeps the data and is
 * tagged with the volume id and the approval id). EBS snapshots are point-in-time: the data is
 * captured when CreateSnapshot returns, even while the snapshot is still `pending`.
 * Evidence: `volumeId` (optional; falls back to the resource id).
 */
const ID = 'ebs-snapshot-and-delete-volume';

export default defineRemediation({
  id: ID,
  title: 'Snapshot the unattached EBS volume, then delete it',
  destructive: true,
  irreversibleNote:
    'Deleting the volume cannot be undone; only the snapshot taken first remains (restore = create a new volume from it).',
  writeActions: ['ec2:CreateSnapshot', 'ec2:CreateTags', 'ec2:DeleteVolume'],
  readActions: ['ec2:DescribeVolumes'],
  evidenceKeys: ['volumeId'],
  plan(finding, params) {
    const volumeId = evidenceString(ID, finding, 'volumeId', ['id']);
    const tags = [
      { Key: 'compliance-bot:source-volume', Value: volumeId },
      ...(params.approvalId ? [{ Key: 'compliance-bot:approval', Value: params.approvalId }] : []),
    ];
    return [
      {
        service: 'EC2',
        operation: 'CreateSnapshot',
        input: {
          VolumeId: volumeId,
          Description: `Backup of ${volumeId} before deletion by compliance-bot (${finding.ruleId})`,
          TagSpecifications: [{ ResourceType: 'snapshot', Tags: tags }],
        },
        iamAction: 'ec2:CreateSnapshot',
      },
      {
        service: 'EC2',
        operation: 'DeleteVolume',
        input: { VolumeId: volumeId },
        iamAction: 'ec2:DeleteVolume',
      },
    ];
  },
  verify: {
    read(finding) {
      const volumeId = evidenceString(ID, finding, 'volumeId', ['id']);
      return [
        {
          service: 'EC2',
          operation: 'DescribeVolumes',
          input: { VolumeIds: [volumeId] },
          iamAction: 'ec2:DescribeVolumes',
          allowErrors: ['InvalidVolume.NotFound'],
        },
      ];
    },
    check([output]) {
      if (isCallError(output)) return ok('The volume is deleted');
      const volumes = field(output, 'Volumes');
      const volume = Array.isArray(volumes) ? volumes[0] : undefined;
      const state = field(volume, 'State');
      return volume === undefined || state === 'deleted' || state === 'deleting'
        ? ok('The volume is deleted')
        : notFixed(`The volume still exists (${String(state)})`);
    },
  },
});
