import { callEvidence, repaired, skipFailedCall, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail } from '../../model/evaluation';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'securityhub-disabled',
  title: 'Security Hub is not disabled',
  pillar: 'security',
  severity: 'high',
  appliesTo: {
    kind: 'activity',
    eventNames: ['DisableSecurityHub', 'EnableSecurityHub'],
    eventSources: ['securityhub.amazonaws.com'],
  },
  source: {
    seed: '000',
    section: 'Security References / 4. Monitoring & Logging (Integrate GuardDuty, Security Hub)',
  },
  rationale:
    'Disabling Security Hub stops its security standards checks and the aggregation of GuardDuty, Inspector and ' +
    'Macie findings for the account and Region; the central security view goes dark.',
  recommendation:
    'Enable Security Hub again (EnableSecurityHub), manage it from the delegated administrator account with ' +
    'auto-enable for new accounts, and deny securityhub:DisableSecurityHub with an SCP.',
  expectedImpact: 'Security findings keep flowing to one place for every account and Region.',
  references: { configRules: ['SECURITYHUB_ENABLED'] },
  evaluate(event: ActivityEvent) {
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    const hub = {
      type: 'AWS::SecurityHub::Hub',
      id: 'default',
      arn: `arn:aws:securityhub:${event.region}:${event.accountId}:hub/default`,
    };
    if (event.eventName === 'EnableSecurityHub') {
      return repaired(event, `enabled Security Hub in account ${event.accountId}, ${event.region}`, hub);
    }
    return fail(
      `The ${who(event)} disabled Security Hub in account ${event.accountId}, ${event.region}`,
      callEvidence(event),
      { resource: hub },
    );
  },
});
