import { fail, pass, unknown } from '../../model/evaluation';
import type { S3Bucket } from '../../model/resources/s3-bucket';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

/**
 * Since January 2023 S3 encrypts every new object with SSE-S3 when nothing else is configured, so
 * "no encryption" no longer exists. The seeds ask for KMS keys (000 "Encrypt all data at rest ...
 * with KMS CMKs", 001 "Secure S3 Bucket": sse_algorithm aws:kms): SSE-S3 data is encrypted, but
 * nobody can restrict, audit or revoke decryption through a key policy. That gap is real but
 * smaller than missing encryption, hence `low`.
 */
export default defineRule({
  id: 's3-bucket-encrypted-with-kms',
  title: 'S3 buckets encrypt new objects with a KMS key by default',
  pillar: 'security',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::S3::Bucket'] },
  source: {
    seed: '001',
    section: 'S3 / Secure S3 Bucket (aws_s3_bucket_server_side_encryption_configuration)',
  },
  rationale:
    'With SSE-S3 (AES256) the data is encrypted with keys S3 owns: there is no key policy to limit who can ' +
    'decrypt and no CloudTrail record of each decryption. SSE-KMS puts every read behind kms:Decrypt on a key ' +
    'you control and log.',
  recommendation:
    'Set BucketEncryption to SSEAlgorithm aws:kms with a customer managed KMS key (KMSMasterKeyID) and ' +
    'BucketKeyEnabled true to keep KMS request costs low.',
  expectedImpact:
    'Decryption of the bucket data is limited by a key policy and every use of the key is audited.',
  references: { securityHub: ['S3.17'], configRules: ['S3_DEFAULT_ENCRYPTION_KMS'] },
  remediation: 's3-enable-default-encryption',
  evaluate(bucket: S3Bucket) {
    const encryption = bucket.encryption;
    if (encryption instanceof Unknown) return unknown('Default encryption cannot be read', encryption);
    const algorithm = encryption.algorithm;
    if (algorithm instanceof Unknown)
      return unknown('The default encryption algorithm is set at deploy time', algorithm);
    if (algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse') {
      const key = encryption.kmsKeyId;
      if (key === undefined) {
        return pass(`Default encryption is ${algorithm} with the AWS managed key aws/s3`, { algorithm });
      }
      return pass(`Default encryption is ${algorithm} with a KMS key`, {
        algorithm,
        kmsKeyId: key instanceof Unknown ? key.toJSON() : key,
      });
    }
    return fail(
      encryption.implicitDefault
        ? 'No default encryption is configured: objects get S3-managed keys (SSE-S3), not a KMS key'
        : `Default encryption is ${algorithm} (S3-managed keys), not a KMS key`,
      { algorithm },
    );
  },
});
