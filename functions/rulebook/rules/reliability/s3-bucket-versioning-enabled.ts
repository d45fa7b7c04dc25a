import { fail, pass, unknown } from '../../model/evaluation';
import type { S3Bucket } from '../../model/resources/s3-bucket';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 's3-bucket-versioning-enabled',
  title: 'S3 buckets keep object versions',
  pillar: 'reliability',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::S3::Bucket'] },
  source: { seed: '001', section: 'S3 / Secure S3 Bucket (aws_s3_bucket_versioning)' },
  rationale:
    'Without versioning an overwrite or a delete (by mistake, by a buggy deploy, or by ransomware) destroys the ' +
    'only copy of an object. Versioning keeps the previous versions so they can be restored.',
  recommendation:
    'Set VersioningConfiguration Status Enabled, and pair it with a lifecycle rule that expires noncurrent ' +
    'versions (NoncurrentVersionExpiration) so old versions do not accumulate cost.',
  expectedImpact: 'Overwritten or deleted objects can be recovered.',
  references: { securityHub: ['S3.14'], configRules: ['S3_BUCKET_VERSIONING_ENABLED'] },
  remediation: 's3-enable-versioning',
  evaluate(bucket: S3Bucket) {
    const versioning = bucket.versioning;
    if (versioning instanceof Unknown) return unknown('Versioning is set at deploy time', versioning);
    if (versioning === 'Enabled') return pass('Versioning is enabled');
    return fail(
      versioning === 'Suspended'
        ? 'Versioning is suspended: new writes overwrite objects in place'
        : 'Versioning has never been enabled',
      { versioning },
    );
  },
});
