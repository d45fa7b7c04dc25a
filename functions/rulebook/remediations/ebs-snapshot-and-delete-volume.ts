import * as z from '../../shared/zod';
import {
  defineRemediation,
  evidenceString,
  field,
  isCallError,
  nonEmptyString,
  notFixed,
  ok,
} from './remediation';

/**
 * Deletes an unattached EBS volume after taking a snapshot of it (the snapshot keeps the data and is
 * tagged with the volume id and the approval id). EBS snapshots are point-in-time: the data is
 * captured when CreateSnapshot returns, even while the snapshot is still `pending`.
 * Evidence: `volumeId` (optional; falls back to the resource id).
 * `writeInputs`: IAM cannot restrict CreateSnapshot's parameters, so the executor accepts only the
 * `VolumeId`, the plan's `Description` for that volume, and one `snapshot` tag specification with
 * the source-volume tag (that volume) and optionally the approval tag (never `OutpostArn`,
 * `Location` or other tags).
 */
const ID = 'ebs-snapshot-and-delete-volume';
const SOURCE_TAG = 'compliance-bot:source-volume';
const APPROVAL_TAG = 'compliance-bot:approval';

function descriptionPrefix(volumeId: string): string {
  return `Backup of ${volumeId} before deletion by compliance-bot (`;
}

/**
 * As `plan` builds it: the description and the first tag name the volume, a second tag is the
 * approval's. (Checked here rather than with tuple schemas, which would add about 1.3 KB of zod to
 * each bundle.)
 */
function asPlanned(input: {
  VolumeId: string;
  Description: string;
  TagSpecifications: ReadonlyArray<{ Tags: ReadonlyArray<{ Key: string; Value: string }> }>;
}): boolean {
  const [source, approval] = input.TagSpecifications[0]?.Tags ?? [];
  return (
    input.Description.startsWith(descriptionPrefix(input.VolumeId)) &&
    input.Description.endsWith(')') &&
    source?.Key === SOURCE_TAG &&
    source.Value === input.VolumeId &&
    (approval === undefined || (approval.Key === APPROVAL_TAG && approval.Value.length > 0))
  );
}

export default defineRemediation({
  id: ID,
  title: 'Snapshot the unattached EBS volume, then delete it',
  destructive: true,
  irreversibleNote:
    'Deleting the volume cannot be undone; only the snapshot taken first remains (restore = create a new volume from it).',
  writeActions: ['ec2:CreateSnapshot', 'ec2:CreateTags', 'ec2:DeleteVolume'],
  readActions: ['ec2:DescribeVolumes'],
  writeInputs: {
    CreateSnapshot: z
      .strictObject({
        VolumeId: nonEmptyString(),
        Description: z.string(),
        TagSpecifications: z
          .array(
            z.strictObject({
              ResourceType: z.literal('snapshot'),
              Tags: z
                .array(z.strictObject({ Key: z.string(), Value: z.string() }))
                .check(z.minLength(1), z.maxLength(2)),
            }),
          )
          .check(z.length(1)),
      })
      .check(z.refine(asPlanned)),
  },
  evidenceKeys: ['volumeId'],
  plan(finding, params) {
    const volumeId = evidenceString(ID, finding, 'volumeId', ['id']);
    const tags = [
      { Key: SOURCE_TAG, Value: volumeId },
      ...(params.approvalId ? [{ Key: APPROVAL_TAG, Value: params.approvalId }] : []),
    ];
    return [
      {
        service: 'EC2',
        operation: 'CreateSnapshot',
        input: {
          VolumeId: volumeId,
          Description: `${descriptionPrefix(volumeId)}${finding.ruleId})`,
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
