import * as z from '../../shared/zod';
import { defineRemediation, evidenceString, field, nonEmptyString, notFixed, ok } from './remediation';

/**
 * Deactivates (never deletes) one IAM user access key: reversible with UpdateAccessKey Status=Active.
 * Evidence: `accessKeyId` (required), `userName` (required; root keys cannot be changed from a role).
 * `writeInputs`: IAM cannot restrict the Status UpdateAccessKey sets, so the executor accepts only
 * `Status: 'Inactive'` (a forged plan cannot re-activate a key).
 */
const ID = 'iam-deactivate-access-key';

export default defineRemediation({
  id: ID,
  title: 'Deactivate the IAM access key',
  destructive: false,
  writeActions: ['iam:UpdateAccessKey'],
  readActions: ['iam:ListAccessKeys'],
  writeInputs: {
    UpdateAccessKey: z.strictObject({
      UserName: nonEmptyString(),
      AccessKeyId: nonEmptyString(),
      Status: z.literal('Inactive'),
    }),
  },
  evidenceKeys: ['accessKeyId', 'userName'],
  plan(finding) {
    const accessKeyId = evidenceString(ID, finding, 'accessKeyId');
    const userName = evidenceString(ID, finding, 'userName');
    return [
      {
        service: 'IAM',
        operation: 'UpdateAccessKey',
        input: { UserName: userName, AccessKeyId: accessKeyId, Status: 'Inactive' },
        iamAction: 'iam:UpdateAccessKey',
      },
    ];
  },
  verify: {
    read(finding) {
      const userName = evidenceString(ID, finding, 'userName');
      return [
        {
          service: 'IAM',
          operation: 'ListAccessKeys',
          input: { UserName: userName },
          iamAction: 'iam:ListAccessKeys',
        },
      ];
    },
    check([output], finding) {
      const accessKeyId = evidenceString(ID, finding, 'accessKeyId');
      const keys = field(output, 'AccessKeyMetadata');
      const key = Array.isArray(keys) ? keys.find((k) => field(k, 'AccessKeyId') === accessKeyId) : undefined;
      if (!key) return notFixed(`Access key ${accessKeyId} not found for the user`);
      return field(key, 'Status') === 'Inactive'
        ? ok(`Access key ${accessKeyId} is inactive`)
        : notFixed(`Access key ${accessKeyId} is still ${String(field(key, 'Status'))}`);
    },
  },
});
