import { callEvidence, record, repaired, skipFailedCall, text, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail, notApplicable } from '../../model/evaluation';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'iam-user-access-key-created',
  title: 'Workloads use IAM roles, not new long-lived IAM user access keys',
  pillar: 'security',
  severity: 'medium',
  appliesTo: {
    kind: 'activity',
    eventNames: ['CreateAccessKey', 'DeleteAccessKey', 'UpdateAccessKey'],
    eventSources: ['iam.amazonaws.com'],
  },
  source: {
    seed: '004',
    section: 'IAM Best Practices / Rule 2: Use IAM Roles, Not Users (for Applications)',
  },
  rationale:
    'IAM user access keys never expire: they end up in CI variables, laptops and repositories, and a leaked key works ' +
    'until someone notices. Roles hand out temporary credentials that rotate on their own.',
  recommendation:
    'Give the workload an IAM role instead (instance profile, task role, IAM Roles Anywhere, OIDC federation for ' +
    'CI), then deactivate and delete the key. If a key is unavoidable, scope it tightly and rotate it within 90 days.',
  expectedImpact: 'Fewer long-lived secrets to leak; access is tied to the workload, not to a copied key.',
  remediation: 'iam-deactivate-access-key',
  evaluate(event: ActivityEvent) {
    const requested = text(event.requestParameters, 'userName');
    // Without UserName the key is for the caller: an IAM user, or root (handled by root-access-key-created).
    const userName = requested ?? (event.actor.type === 'IAMUser' ? event.actor.userName : undefined);
    if (!userName) return notApplicable('the key does not belong to an IAM user');
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    if (event.eventName !== 'CreateAccessKey') {
      const keyId = text(event.requestParameters, 'accessKeyId');
      const retired =
        event.eventName === 'DeleteAccessKey'
          ? 'deleted'
          : text(event.requestParameters, 'status') === 'Inactive'
            ? 'deactivated'
            : undefined;
      if (!keyId || !retired) return notApplicable('the call does not retire an access key');
      return repaired(event, `${retired} access key ${keyId} of IAM user ${userName}`, {
        type: 'AWS::IAM::AccessKey',
        id: keyId,
        name: userName,
      });
    }
    const key = record(event.responseElements.accessKey);
    const accessKeyId = text(key, 'accessKeyId');
    return fail(
      `The ${who(event)} created access key ${accessKeyId ?? '(id not logged)'} for IAM user ${userName}`,
      callEvidence(event, {
        userName,
        accessKeyId: accessKeyId ?? null,
        keyStatus: text(key, 'status') ?? null,
      }),
      {
        resource: {
          type: 'AWS::IAM::AccessKey',
          id: accessKeyId ?? `${userName}:${event.eventId}`,
          name: userName,
        },
      },
    );
  },
});
