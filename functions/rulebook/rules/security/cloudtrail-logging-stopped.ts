import { callEvidence, repaired, skipFailedCall, trailOf, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail } from '../../model/evaluation';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'cloudtrail-logging-stopped',
  title: 'CloudTrail logging is not stopped',
  pillar: 'security',
  severity: 'critical',
  appliesTo: {
    kind: 'activity',
    eventNames: ['StopLogging', 'StartLogging'],
    eventSources: ['cloudtrail.amazonaws.com'],
  },
  source: { seed: '004', section: 'Monitoring & Compliance / Rule 1: Enable CloudTrail in All Accounts' },
  rationale:
    'Stopping a trail is the first thing an intruder does to hide their tracks: from that moment API activity in ' +
    'the account is no longer recorded, and audit evidence has a gap.',
  recommendation:
    'Start logging again (StartLogging), find out who stopped it and why, and deny cloudtrail:StopLogging with an ' +
    'SCP outside a break-glass role. Prefer an organization trail, which member accounts cannot stop.',
  expectedImpact: 'An unbroken audit trail of every API call in the account.',
  references: { securityHub: ['CloudTrail.1'], configRules: ['CLOUD_TRAIL_ENABLED'] },
  remediation: 'cloudtrail-start-logging',
  evaluate(event: ActivityEvent) {
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    const trail = trailOf(event);
    if (event.eventName === 'StartLogging')
      return repaired(event, `started logging on trail ${trail.name}`, trail);
    return fail(
      `The ${who(event)} stopped logging on trail ${trail.name}: API activity in account ${event.accountId} is no longer recorded`,
      callEvidence(event, { trailName: trail.name, ...(trail.arn ? { trailArn: trail.arn } : {}) }),
      { resource: trail },
    );
  },
});
