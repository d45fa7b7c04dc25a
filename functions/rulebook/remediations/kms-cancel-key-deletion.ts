import { defineRemediation, evidenceString, field, notFixed, ok } from './remediation';

/**
 * Cancels the scheduled deletion of a KMS key. A cancelled key is left `Disabled` by KMS, so the plan
 * enables it again (data encrypted under it becomes usable again, as before the deletion was scheduled).
 * Evidence: `keyId` (key id or ARN; optional, falls back to the resource ARN, then id).
 */
const ID = 'kms-cancel-key-deletion';

export default defineRemediation({
  id: ID,
  title: 'Cancel the scheduled deletion of the KMS key and enable it',
  destructive: false,
  writeActions: ['kms:CancelKeyDeletion', 'kms:EnableKey'],
  readActions: ['kms:DescribeKey'],
  evidenceKeys: ['keyId'],
  plan(finding) {
    const keyId = evidenceString(ID, finding, 'keyId', ['arn', 'id']);
    return [
      {
        service: 'KMS',
        operation: 'CancelKeyDeletion',
        input: { KeyId: keyId },
        iamAction: 'kms:CancelKeyDeletion',
      },
      { service: 'KMS', operation: 'EnableKey', input: { KeyId: keyId }, iamAction: 'kms:EnableKey' },
    ];
  },
  verify: {
    read(finding) {
      const keyId = evidenceString(ID, finding, 'keyId', ['arn', 'id']);
      return [
        { service: 'KMS', operation: 'DescribeKey', input: { KeyId: keyId }, iamAction: 'kms:DescribeKey' },
      ];
    },
    check([output]) {
      const state = field(output, 'KeyMetadata', 'KeyState');
      return state === 'Enabled'
        ? ok('The key is enabled and no longer pending deletion')
        : notFixed(`The key is ${String(state)}`);
    },
  },
});
