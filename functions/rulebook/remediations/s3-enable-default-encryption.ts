import { defineRemediation, evidenceString, field, notFixed, ok } from './remediation';

/**
 * Sets default encryption on a bucket to SSE-KMS with an S3 Bucket Key (fewer KMS requests): the
 * configured customer managed key when `params.kmsKeyId` is given, else the AWS managed key aws/s3.
 * (Since 2023 every bucket already has SSE-S3; the rule book asks for KMS, see s3-bucket-encrypted-with-kms.)
 * Evidence: `bucketName` (optional; falls back to the resource name, then id).
 */
const ID = 's3-enable-default-encryption';

export default defineRemediation({
  id: ID,
  title: 'Turn on default encryption for the S3 bucket',
  destructive: false,
  writeActions: ['s3:PutEncryptionConfiguration'],
  readActions: ['s3:GetEncryptionConfiguration'],
  evidenceKeys: ['bucketName'],
  plan(finding, params) {
    const bucket = evidenceString(ID, finding, 'bucketName', ['name', 'id']);
    const rule = {
      ApplyServerSideEncryptionByDefault: {
        SSEAlgorithm: 'aws:kms',
        ...(params.kmsKeyId ? { KMSMasterKeyID: params.kmsKeyId } : {}),
      },
      BucketKeyEnabled: true,
    };
    return [
      {
        service: 'S3',
        operation: 'PutBucketEncryption',
        input: { Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [rule] } },
        iamAction: 's3:PutEncryptionConfiguration',
      },
    ];
  },
  verify: {
    read(finding) {
      const bucket = evidenceString(ID, finding, 'bucketName', ['name', 'id']);
      return [
        {
          service: 'S3',
          operation: 'GetBucketEncryption',
          input: { Bucket: bucket },
          iamAction: 's3:GetEncryptionConfiguration',
          allowErrors: ['ServerSideEncryptionConfigurationNotFoundError'],
        },
      ];
    },
    check([output]) {
      const rules = field(output, 'ServerSideEncryptionConfiguration', 'Rules');
      const algorithms = Array.isArray(rules)
        ? rules.map((rule) => field(rule, 'ApplyServerSideEncryptionByDefault', 'SSEAlgorithm'))
        : [];
      return algorithms.some((a) => a === 'aws:kms' || a === 'aws:kms:dsse')
        ? ok(`Default encryption is ${algorithms.join(', ')}`)
        : notFixed(`Default encryption is ${algorithms.join(', ') || 'not configured'}, not a KMS key`);
    },
  },
});
