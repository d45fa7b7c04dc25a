import { defineRemediation, evidenceString, field, notFixed, ok } from './remediation';

/**
 * Sets default encryption on a bucket: SSE-KMS with the configured key (and an S3 Bucket Key) when
 * `params.kmsKeyId` is given, SSE-S3 (AES256) otherwise.
 * Evidence: `bucketName` (optional; falls back to the resource name, then id).
 */
const ID = 's3-enable-default-encryption';

export default defineRemediation({
  id: ID,
  title: 'Turn on default encryption for the S3 bucket',
  destructive: false,
  iamActions: ['s3:PutEncryptionConfiguration', 's3:GetEncryptionConfiguration'],
  evidenceKeys: ['bucketName'],
  plan(finding, params) {
    const bucket = evidenceString(ID, finding, 'bucketName', ['name', 'id']);
    const rule = params.kmsKeyId
      ? {
          ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: params.kmsKeyId },
          BucketKeyEnabled: true,
        }
      : { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } };
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
      return algorithms.some((a) => typeof a === 'string' && a.length > 0)
        ? ok(`Default encryption is ${algorithms.join(', ')}`)
        : notFixed('The bucket has no default encryption rule');
    },
  },
});
