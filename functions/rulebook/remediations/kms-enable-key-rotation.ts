import { defineRemediation, evidenceString, field, notFixed, ok } from './remediation';

/**
 * Turns on automatic yearly rotation for a customer managed symmetric KMS key.
 * Evidence: `keyId` (key id or ARN; optional, falls back to the resource ARN, then id).
 */
const ID = 'kms-enable-key-rotation';

export default defineRemediation({
  id: ID,
  title: 'Turn on automatic rotation for the KMS key',
  destructive: false,
  writeActions: ['kms:EnableKeyRotation'],
  readActions: ['kms:GetKeyRotationStatus'],
  evidenceKeys: ['keyId'],
  plan(finding) {
    const keyId = evidenceString(ID, finding, 'keyId', ['arn', 'id']);
    return [
      {
        service: 'KMS',
        operation: 'EnableKeyRotation',
        input: { KeyId: keyId },
        iamAction: 'kms:EnableKeyRotation',
      },
    ];
  },
  verify: {
    read(finding) {
      const keyId = evidenceString(ID, finding, 'keyId', ['arn', 'id']);
      return [
        {
          service: 'KMS',
          operation: 'GetKeyRotationStatus',
          input: { KeyId: keyId },
          iamAction: 'kms:GetKeyRotationStatus',
        },
      ];
    },
    check([output]) {
      return field(output, 'KeyRotationEnabled') === true
        ? ok('Key rotation is on')
        : notFixed('Key rotation is still off');
    },
  },
});
