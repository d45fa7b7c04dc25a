import { callEvidence, flag, record, repaired, skipFailedCall, text, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail } from '../../model/evaluation';
import { defineRule } from '../../rule';

/** CloudTrail logs the XML body: `PublicAccessBlockConfiguration.{BlockPublicAcls, ...}`. */
const FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

export default defineRule({
  id: 's3-public-access-block-disabled',
  title: 'S3 Block Public Access is not turned off on a bucket',
  pillar: 'security',
  severity: 'high',
  appliesTo: {
    kind: 'activity',
    eventNames: ['PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock'],
    eventSources: ['s3.amazonaws.com'],
  },
  source: {
    seed: '000',
    section: 'Security References / 2. Data Protection (Enable S3 Block Public Access)',
  },
  rationale:
    'Block Public Access is the guard rail that keeps one wrong ACL or bucket policy from publishing a bucket. ' +
    'Turning it off is usually the step right before a bucket is made public.',
  recommendation:
    'Turn all four settings back on for the bucket (and for the account with PutPublicAccessBlock on S3 Control). ' +
    'Serve public content through CloudFront with origin access control instead.',
  expectedImpact: 'No ACL or policy change can expose the bucket to the internet.',
  references: { securityHub: ['S3.8'] },
  remediation: 's3-put-public-access-block',
  evaluate(event: ActivityEvent) {
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    const bucket = text(event.requestParameters, 'bucketName') ?? 'unknown';
    const resource = { type: 'AWS::S3::Bucket', id: bucket, name: bucket, arn: `arn:aws:s3:::${bucket}` };
    let off: string[];
    if (event.eventName === 'DeleteBucketPublicAccessBlock') {
      off = [...FLAGS];
    } else {
      const config = record(event.requestParameters.PublicAccessBlockConfiguration);
      // An element left out of PutPublicAccessBlock is false.
      off = FLAGS.filter((name) => flag(config, name) !== true);
      if (off.length === 0) {
        return repaired(
          event,
          `turned all four Block Public Access settings on for bucket ${bucket}`,
          resource,
        );
      }
    }
    const action =
      event.eventName === 'DeleteBucketPublicAccessBlock'
        ? 'removed the Block Public Access configuration of'
        : `turned off ${off.join(', ')} on`;
    return fail(
      `The ${who(event)} ${action} bucket ${bucket}; only the account-level block (if any) still protects it`,
      callEvidence(event, { bucketName: bucket, settingsOff: off }),
      { resource },
    );
  },
});
