import { callEvidence, skipFailedCall, trailOf, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail } from '../../model/evaluation';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'cloudtrail-trail-deleted',
  title: 'CloudTrail trails are not deleted',
  pillar: 'security',
  severity: 'critical',
  appliesTo: { kind: 'activity', eventNames: ['DeleteTrail'], eventSources: ['cloudtrail.amazonaws.com'] },
  source: { seed: '004', section: 'Monitoring & Compliance / Rule 1: Enable CloudTrail in All Accounts' },
  rationale:
    'Deleting a trail ends the audit log for the account (or, for a multi-Region trail, for every Region) and is a ' +
    'classic defense-evasion step.',
  recommendation:
    'Recreate the trail (multi-Region, log file validation on, KMS-encrypted, delivering to the log-archive ' +
    'account), confirm who deleted it, and deny cloudtrail:DeleteTrail with an SCP.',
  expectedImpact: 'API activity stays recorded even when someone with broad rights tries to hide it.',
  evaluate(event: ActivityEvent) {
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    const trail = trailOf(event);
    return fail(
      `The ${who(event)} deleted trail ${trail.name} in account ${event.accountId}`,
      callEvidence(event, { trailName: trail.name, ...(trail.arn ? { trailArn: trail.arn } : {}) }),
      { resource: trail },
    );
  },
});
