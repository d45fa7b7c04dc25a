import * as z from '../../shared/zod';
import { defineRemediation, evidenceString, field, nonEmptyString, notFixed, ok } from './remediation';

/**
 * Turns on all four S3 Block Public Access settings on one bucket.
 * Evidence: `bucketName` (optional; falls back to the finding's resource name, then id).
 * `writeInputs`: IAM cannot restrict the settings PutPublicAccessBlock writes, so the executor accepts
 * only all four set to true (a forged plan cannot turn Block Public Access off).
 */
const ID = 's3-put-public-access-block';
const FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

export default defineRemediation({
  id: ID,
  title: 'Block all public access on the S3 bucket',
  destructive: false,
  writeActions: ['s3:PutBucketPublicAccessBlock'],
  readActions: ['s3:GetBucketPublicAccessBlock'],
  writeInputs: {
    PutPublicAccessBlock: z.strictObject({
      Bucket: nonEmptyString(),
      PublicAccessBlockConfiguration: z.strictObject({
        BlockPublicAcls: z.literal(true),
        IgnorePublicAcls: z.literal(true),
        BlockPublicPolicy: z.literal(true),
        RestrictPublicBuckets: z.literal(true),
      }),
    }),
  },
  evidenceKeys: ['bucketName'],
  plan(finding) {
    const bucket = evidenceString(ID, finding, 'bucketName', ['name', 'id']);
    return [
      {
        service: 'S3',
        operation: 'PutPublicAccessBlock',
        input: {
          Bucket: bucket,
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
        },
        iamAction: 's3:PutBucketPublicAccessBlock',
      },
    ];
  },
  verify: {
    read(finding) {
      const bucket = evidenceString(ID, finding, 'bucketName', ['name', 'id']);
      return [
        {
          service: 'S3',
          operation: 'GetPublicAccessBlock',
          input: { Bucket: bucket },
          iamAction: 's3:GetBucketPublicAccessBlock',
          allowErrors: ['NoSuchPublicAccessBlockConfiguration'],
        },
      ];
    },
    check([output]) {
      const config = field(output, 'PublicAccessBlockConfiguration');
      const off = FLAGS.filter((flag) => field(config, flag) !== true);
      return off.length === 0
        ? ok('All four Block Public Access settings are on')
        : notFixed(`Block Public Access is still off for ${off.join(', ')}`);
    },
  },
});
