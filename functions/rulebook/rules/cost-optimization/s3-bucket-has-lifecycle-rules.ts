import { fail, pass, unknown } from '../../model/evaluation';
import type { S3Bucket } from '../../model/resources/s3-bucket';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 's3-bucket-has-lifecycle-rules',
  title: 'S3 buckets have an enabled lifecycle rule',
  pillar: 'cost-optimization',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::S3::Bucket'] },
  source: {
    seed: '001',
    section: 'S3 / Secure S3 Bucket (aws_s3_bucket_lifecycle_configuration); Cost Optimization: S3 Lifecycle',
  },
  rationale:
    'Without lifecycle rules every object (and, with versioning, every old version) stays in S3 Standard ' +
    'forever. The seed transitions data to STANDARD_IA after 90 days and GLACIER after 180, expires it after ' +
    '365 days and removes noncurrent versions after 30.',
  recommendation:
    'Add a LifecycleConfiguration rule with Status Enabled that transitions or expires objects, expires ' +
    'noncurrent versions and aborts incomplete multipart uploads.',
  expectedImpact: "Storage cost follows the data's value over time instead of growing without bound.",
  references: { securityHub: ['S3.13'], configRules: ['S3_LIFECYCLE_POLICY_CHECK'] },
  evaluate(bucket: S3Bucket) {
    const rules = bucket.lifecycleRules;
    if (rules instanceof Unknown) return unknown('Lifecycle rules are set at deploy time', rules);
    let hidden: Unknown | undefined;
    for (const rule of rules) {
      if (rule.enabled instanceof Unknown) {
        hidden ??= rule.enabled;
        continue;
      }
      if (rule.hasTransitionOrExpiration instanceof Unknown) {
        hidden ??= rule.hasTransitionOrExpiration;
        continue;
      }
      if (rule.enabled && rule.hasTransitionOrExpiration) {
        const id = rule.id instanceof Unknown ? undefined : rule.id;
        return pass(id ? `Lifecycle rule "${id}" is enabled` : 'An enabled lifecycle rule is configured');
      }
    }
    if (hidden) return unknown('Whether a lifecycle rule is enabled is set at deploy time', hidden);
    return fail(
      rules.length === 0
        ? 'The bucket has no lifecycle rules'
        : `None of the bucket's ${rules.length} lifecycle rules is enabled with a transition or expiration`,
      { lifecycleRules: rules.length },
    );
  },
});
