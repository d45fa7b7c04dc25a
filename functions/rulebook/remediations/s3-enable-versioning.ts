import * as z from '../../shared/zod';
import { defineRemediation, evidenceString, field, nonEmptyString, notFixed, ok } from './remediation';

/**
 * Turns on versioning for a bucket (MFA delete is left as it is).
 * Evidence: `bucketName` (optional; falls back to the resource name, then id).
 * `writeInputs`: IAM cannot restrict the status PutBucketVersioning sets, so the executor accepts
 * only `Status: 'Enabled'` (never Suspended, never an MFA-delete change).
 */
const ID = 's3-enable-versioning';

export default defineRemediation({
  id: ID,
  title: 'Turn on versioning for the S3 bucket',
  destructive: false,
  writeActions: ['s3:PutBucketVersioning'],
  readActions: ['s3:GetBucketVersioning'],
  writeInputs: {
    PutBucketVersioning: z.strictObject({
      Bucket: nonEmptyString(),
      VersioningConfiguration: z.strictObject({ Status: z.literal('Enabled') }),
    }),
  },
  evidenceKeys: ['bucketName'],
  plan(finding) {
    const bucket = evidenceString(ID, finding, 'bucketName', ['name', 'id']);
    return [
      {
        service: 'S3',
        operation: 'PutBucketVersioning',
        input: { Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } },
        iamAction: 's3:PutBucketVersioning',
      },
    ];
  },
  verify: {
    read(finding) {
      const bucket = evidenceString(ID, finding, 'bucketName', ['name', 'id']);
      return [
        {
          service: 'S3',
          operation: 'GetBucketVersioning',
          input: { Bucket: bucket },
          iamAction: 's3:GetBucketVersioning',
        },
      ];
    },
    check([output]) {
      const status = field(output, 'Status');
      return status === 'Enabled'
        ? ok('Versioning is enabled')
        : notFixed(`Versioning is ${typeof status === 'string' ? status : 'not enabled'}`);
    },
  },
});
