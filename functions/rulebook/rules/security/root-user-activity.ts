import { callEvidence, skipFailedCall, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail, notApplicable } from '../../model/evaluation';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'root-user-activity',
  title: 'The root user is not used for API calls or console sign-ins',
  pillar: 'security',
  severity: 'critical',
  appliesTo: { kind: 'activity', eventNames: ['*'] },
  source: { seed: '004', section: 'IAM Best Practices / Rule 1: Never Use Root Account' },
  rationale:
    'The root user has unrestricted access to every resource and billing setting of the account and cannot be ' +
    'limited by IAM policies (only by SCPs). Any use outside account recovery is either a broken process or a ' +
    'stolen credential.',
  recommendation:
    'Confirm with the account owner that this root use was planned. If not, rotate the root password, check ' +
    'its MFA device and delete any root access keys. Do daily work with IAM Identity Center or IAM roles.',
  expectedImpact: 'Root credentials are used only for the few tasks that require them, each one reviewed.',
  references: { securityHub: ['CloudWatch.1'] },
  evaluate(event: ActivityEvent) {
    if (event.actor.type !== 'Root') return notApplicable('the caller is not the root user');
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    if (event.actor.invokedBy || event.eventType === 'AwsServiceEvent') {
      return notApplicable(`${event.eventName} was made by an AWS service on the root user's behalf`);
    }
    const signIn = event.eventName === 'ConsoleLogin';
    const mfa = event.additionalEventData.MFAUsed;
    const what = signIn
      ? `signed in to the console${typeof mfa === 'string' ? ` (MFA used: ${mfa})` : ''}`
      : `called ${event.eventName} (${event.eventSource})`;
    return fail(
      `The ${who(event)} ${what} in account ${event.accountId}`,
      callEvidence(event, { readOnly: event.readOnly ?? false }),
      {
        // Reading with root is still root use, but less urgent than a change or a sign-in.
        severity: event.readOnly === true && !signIn ? 'high' : 'critical',
        resource: { type: 'AWS::::Account', id: event.accountId, name: 'root user' },
      },
    );
  },
});
