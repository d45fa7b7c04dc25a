import type { PlannedCall } from '../../ports/remediation-executor';
import * as z from '../../shared/zod';
import { defineRemediation, evidenceString, field, nonEmptyString, notFixed, ok } from './remediation';

/**
 * Turns on all four S3 Block Public Access settings on one bucket. `prepare` reads the current
 * settings: when all four are already on there is nothing to change and the plan is empty (the
 * workflow then says so instead of asking to approve a call that changes nothing; e.g. a public
 * bucket policy that RestrictPublicBuckets already neutralises needs the statement removed).
 * Evidence: `bucketName` (optional; falls back to the finding's resource name, then id).
 * `writeInputs`: IAM cannot restrict the settings PutPublicAccessBlock writes, so the executor accepts
 * only all four set to true (a forged plan cannot turn Block Public Access off).
 */
const ID = 's3-put-public-access-block';
const FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

function readSettings(bucket: string): PlannedCall {
  return {
    service: 'S3',
    operation: 'GetPublicAccessBlock',
    input: { Bucket: bucket },
    iamAction: 's3:GetBucketPublicAccessBlock',
    allowErrors: ['NoSuchPublicAccessBlockConfiguration'],
  };
}

/** The settings a GetPublicAccessBlock output leaves off (all four when the bucket has none). */
function offFlags(output: unknown): string[] {
  const config = field(output, 'PublicAccessBlockConfiguration');
  return FLAGS.filter((flag) => field(config, flag) !== true);
}

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
  prepare(finding) {
    return [readSettings(evidenceString(ID, finding, 'bucketName', ['name', 'id']))];
  },
  plan(finding, params) {
    const bucket = evidenceString(ID, finding, 'bucketName', ['name', 'id']);
    if (params.prepared && offFlags(params.prepared[0]).length === 0) return [];
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
      return [readSettings(evidenceString(ID, finding, 'bucketName', ['name', 'id']))];
    },
    check([output]) {
      const off = offFlags(output);
      return off.length === 0
        ? ok('All four Block Public Access settings are on')
        : notFixed(`Block Public Access is still off for ${off.join(', ')}`);
    },
  },
});
