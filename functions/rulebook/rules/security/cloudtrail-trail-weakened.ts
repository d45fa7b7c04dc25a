import { callEvidence, flag, skipFailedCall, trailOf, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail, notApplicable } from '../../model/evaluation';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'cloudtrail-trail-weakened',
  title: 'CloudTrail trails stay multi-Region, KMS-encrypted and record global service events',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'activity', eventNames: ['UpdateTrail'], eventSources: ['cloudtrail.amazonaws.com'] },
  source: {
    seed: '003',
    section: 'SOC 2 Evidence Automation with AWS CloudTrail (1. Enable CloudTrail in ALL regions)',
  },
  rationale:
    'Turning a trail into a single-Region trail leaves every other Region unrecorded (where attackers like to ' +
    'launch resources); removing its KMS key leaves the logs readable by anyone who can read the bucket; dropping ' +
    'global service events hides IAM and STS activity. All three are quieter than stopping the trail.',
  recommendation:
    'Restore the trail settings (IsMultiRegionTrail=true, IncludeGlobalServiceEvents=true, KmsKeyId set to the ' +
    'log-archive key) and restrict cloudtrail:UpdateTrail to the team that owns logging.',
  expectedImpact: 'Every Region and every global service stays recorded, and the logs stay encrypted.',
  references: {
    securityHub: ['CloudTrail.1', 'CloudTrail.2'],
    configRules: ['MULTI_REGION_CLOUD_TRAIL_ENABLED', 'CLOUD_TRAIL_ENCRYPTION_ENABLED'],
  },
  evaluate(event: ActivityEvent) {
    const params = event.requestParameters;
    const changes: string[] = [];
    if (flag(params, 'isMultiRegionTrail') === false) changes.push('made it single-Region');
    // `update-trail --kms-key-id ""` is how the CloudTrail guide says to stop SSE-KMS encryption.
    if ('kmsKeyId' in params && (params.kmsKeyId === '' || params.kmsKeyId === null)) {
      changes.push('removed its KMS key (logs no longer SSE-KMS encrypted)');
    }
    if (flag(params, 'includeGlobalServiceEvents') === false) {
      changes.push('stopped recording global service events (IAM, STS)');
    }
    if (changes.length === 0) return notApplicable('the update does not weaken the trail');
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    const trail = trailOf(event);
    return fail(
      `The ${who(event)} ${changes.join(', ')} on trail ${trail.name}`,
      callEvidence(event, { trailName: trail.name, changes }),
      { resource: trail },
    );
  },
});
