import { callEvidence, skipFailedCall, text, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail, notApplicable } from '../../model/evaluation';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'console-signin-without-mfa',
  title: 'Console sign-ins use MFA',
  pillar: 'security',
  severity: 'high',
  maxSeverity: 'critical',
  appliesTo: { kind: 'activity', eventNames: ['ConsoleLogin'], eventSources: ['signin.amazonaws.com'] },
  source: { seed: '004', section: 'IAM Best Practices / Rule 5: Enable MFA for All Human Users' },
  rationale:
    'A console password alone is one phishing e-mail or reused password away from an account takeover; MFA stops ' +
    'most credential-stuffing and phishing attacks.',
  recommendation:
    'Assign an MFA device to the user (or the root user) and enforce it with an IAM policy that denies actions ' +
    'when aws:MultiFactorAuthPresent is false; better, move people to IAM Identity Center with MFA required.',
  expectedImpact: 'A stolen password alone no longer opens the console.',
  references: {
    securityHub: ['IAM.5', 'IAM.9'],
    configRules: ['MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS', 'ROOT_ACCOUNT_MFA_ENABLED'],
  },
  evaluate(event: ActivityEvent) {
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    if (event.responseElements.ConsoleLogin !== 'Success') {
      return notApplicable('the sign-in record does not report success');
    }
    const data = event.additionalEventData;
    // Federated sign-ins (SAML, IAM Identity Center) do MFA at the identity provider; CloudTrail says "No".
    if (
      text(data, 'SamlProviderArn') ||
      event.actor.type === 'AssumedRole' ||
      event.actor.type === 'FederatedUser'
    ) {
      return notApplicable('federated sign-in: MFA is enforced by the identity provider, not IAM');
    }
    if (data.MFAUsed !== 'No' || event.actor.mfaAuthenticated === true) {
      return notApplicable('the sign-in used MFA');
    }
    const root = event.actor.type === 'Root';
    const userName = event.actor.userName;
    return fail(
      `The ${who(event)} signed in to the console without MFA in account ${event.accountId}`,
      callEvidence(event, { mfaUsed: 'No', ...(userName ? { userName } : {}) }),
      {
        severity: root ? 'critical' : 'high',
        resource: root
          ? { type: 'AWS::::Account', id: event.accountId, name: 'root user' }
          : {
              // The IAM user id (AIDA...) is what AWS Config uses as the user's resourceId, so a later
              // COMPLIANT verdict of MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS resolves this finding.
              type: 'AWS::IAM::User',
              id: event.actor.principalId ?? userName ?? event.actor.arn ?? 'unknown-user',
              ...(userName ? { name: userName } : {}),
              ...(event.actor.arn ? { arn: event.actor.arn } : {}),
            },
      },
    );
  },
});
