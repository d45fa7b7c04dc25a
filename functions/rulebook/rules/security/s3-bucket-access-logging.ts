import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { S3Bucket } from '../../model/resources/s3-bucket';
import { Unknown } from '../../model/unknown';
import { ResourceReference } from '../../normalizers/cloudformation/reference';
import { defineRule } from '../../rule';

export default defineRule({
  id: 's3-bucket-access-logging',
  title: 'S3 buckets log server access requests',
  pillar: 'security',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::S3::Bucket'] },
  source: { seed: '000', section: 'Security References / 4. Monitoring & Logging' },
  rationale:
    'CloudTrail records object-level reads only when data events are on (they cost extra); server access logs ' +
    'record every request, including anonymous and denied ones, which is what an incident responder asks for first.',
  recommendation:
    'Set LoggingConfiguration with DestinationBucketName pointing to a central log bucket (that bucket itself ' +
    'does not log to avoid a loop), or enable CloudTrail S3 data events for the bucket.',
  expectedImpact: 'Each request to the bucket can be traced to a caller, time and source address.',
  references: { securityHub: ['S3.9'], configRules: ['S3_BUCKET_LOGGING_ENABLED'] },
  evaluate(bucket: S3Bucket, ctx) {
    const enabled = bucket.loggingEnabled ?? bucket.loggingTarget !== undefined;
    if (enabled instanceof Unknown) return unknown('Server access logging is set at deploy time', enabled);
    if (!enabled) {
      const source = logSourceOf(bucket, ctx.inventory.ofType<S3Bucket>('AWS::S3::Bucket'));
      if (source) {
        return notApplicable(
          `The bucket receives the server access logs of ${source}; logging it would loop`,
        );
      }
      return fail('Server access logging is off', { loggingTarget: null });
    }
    const target = bucket.loggingTarget;
    return pass(
      typeof target === 'string' ? `Server access logs go to ${target}` : 'Server access logging is on',
      typeof target === 'string' ? { loggingTarget: target } : undefined,
    );
  },
});

/** Another bucket in scope that sends its access logs here (by `!Ref` in a template, by name in Config). */
function logSourceOf(bucket: S3Bucket, buckets: readonly S3Bucket[]): string | undefined {
  for (const other of buckets) {
    if (other === bucket) continue;
    const target = other.loggingTarget;
    const matches =
      target instanceof ResourceReference
        ? bucket.source === 'cloudformation' && target.logicalId === bucket.id
        : typeof target === 'string' && (target === bucket.name || target === bucket.id);
    if (matches) return other.name ?? other.id;
  }
  return undefined;
}
