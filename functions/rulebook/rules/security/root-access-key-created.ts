import { callEvidence, record, skipFailedCall, text, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail, notApplicable } from '../../model/evaluation';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'root-access-key-created',
  title: 'No access key is created for the root user',
  pillar: 'security',
  severity: 'critical',
  appliesTo: { kind: 'activity', eventNames: ['CreateAccessKey'], eventSources: ['iam.amazonaws.com'] },
  source: { seed: '004', section: 'IAM Best Practices / Rule 1: Never Use Root Account' },
  rationale:
    'A root access key is a long-lived credential with unrestricted access to the account that no IAM policy can ' +
    'limit; if it leaks, the whole account is lost.',
  recommendation:
    'Sign in as root, delete the access key (Security credentials > Access keys) and investigate why it was ' +
    'created. Use IAM roles for automation.',
  expectedImpact: 'No long-lived credential with root power exists in the account.',
  references: { securityHub: ['IAM.4'], configRules: ['IAM_ROOT_ACCESS_KEY_CHECK'] },
  evaluate(event: ActivityEvent) {
    // CreateAccessKey without UserName creates the key for the caller; only the root caller gets a root key.
    if (event.actor.type !== 'Root' || text(event.requestParameters, 'userName')) {
      return notApplicable('the key is not created for the root user');
    }
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    const accessKeyId = text(record(event.responseElements.accessKey), 'accessKeyId');
    return fail(
      `The ${who(event)} created a root access key${accessKeyId ? ` ${accessKeyId}` : ''} in account ${event.accountId}`,
      callEvidence(event, { accessKeyId: accessKeyId ?? null }),
      {
        resource: {
          type: 'AWS::IAM::AccessKey',
          id: accessKeyId ?? `root:${event.accountId}`,
          name: 'root user access key',
        },
      },
    );
  },
});
