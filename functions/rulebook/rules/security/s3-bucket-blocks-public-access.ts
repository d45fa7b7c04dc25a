import { fail, joinList, pass, unknown } from '../../model/evaluation';
import type { S3Bucket } from '../../model/resources/s3-bucket';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

const FLAGS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;

export default defineRule({
  id: 's3-bucket-blocks-public-access',
  title: 'S3 buckets block public access (all four settings)',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::S3::Bucket'] },
  source: { seed: '001', section: 'S3 / Secure S3 Bucket (aws_s3_bucket_public_access_block)' },
  rationale:
    'A bucket without all four Block Public Access settings can be made public by one ACL or policy change; ' +
    'public buckets are the most common cause of data exposure on AWS.',
  recommendation:
    'Turn on BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets on the bucket ' +
    '(PublicAccessBlockConfiguration) and serve public content through CloudFront with origin access control.',
  expectedImpact: 'No object in the bucket can be exposed to the internet by an ACL or a bucket policy.',
  references: { securityHub: ['S3.8'], configRules: ['S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED'] },
  remediation: 's3-put-public-access-block',
  evaluate(bucket: S3Bucket) {
    const pab = bucket.publicAccessBlock;
    if (pab instanceof Unknown) return unknown('Block Public Access settings cannot be read', pab);
    const off = FLAGS.filter((flag) => pab[flag] === false);
    const hidden = FLAGS.filter((flag) => pab[flag] instanceof Unknown);
    if (off.length > 0) {
      return fail(`Block Public Access is off for ${joinList(off)}`, { settingsOff: off });
    }
    if (hidden.length > 0) {
      return unknown(
        `Block Public Access settings ${joinList(hidden)} are set at deploy time`,
        pab[hidden[0]!] as Unknown,
      );
    }
    return pass(
      bucket.publicAccessBlockIsDefault
        ? 'All four Block Public Access settings are on (S3 default for new buckets)'
        : 'All four Block Public Access settings are on',
    );
  },
});
