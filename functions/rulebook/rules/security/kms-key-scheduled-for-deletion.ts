import { callEvidence, nameFromArn, repaired, skipFailedCall, text, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail } from '../../model/evaluation';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'kms-key-scheduled-for-deletion',
  title: 'KMS keys are not scheduled for deletion unnoticed',
  pillar: 'security',
  severity: 'high',
  maxSeverity: 'critical',
  appliesTo: {
    kind: 'activity',
    eventNames: ['ScheduleKeyDeletion', 'CancelKeyDeletion'],
    eventSources: ['kms.amazonaws.com'],
  },
  source: {
    seed: '000',
    section: 'Security References / 2. Data Protection (Encrypt all data at rest with KMS CMKs)',
  },
  rationale:
    'Once a KMS key is deleted, every piece of data encrypted under it is unrecoverable. The waiting period ' +
    '(7 to 30 days) is the only chance to notice a mistake or a ransom attempt.',
  recommendation:
    'Confirm with the key owner that nothing still decrypts with this key (CloudTrail Decrypt calls, the key ' +
    'policy grants); if in doubt cancel the deletion (CancelKeyDeletion) and disable the key instead.',
  expectedImpact: 'No data becomes unreadable because a key was deleted by mistake or by an attacker.',
  references: { securityHub: ['KMS.3'], configRules: ['KMS_CMK_NOT_SCHEDULED_FOR_DELETION'] },
  remediation: 'kms-cancel-key-deletion',
  evaluate(event: ActivityEvent) {
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    const arn =
      text(event.responseElements, 'keyId') ??
      event.resources?.find((r) => r.type === 'AWS::KMS::Key')?.arn ??
      text(event.requestParameters, 'keyId');
    const keyRef = arn ?? 'unknown';
    const keyId = nameFromArn(keyRef);
    if (event.eventName === 'CancelKeyDeletion') {
      return repaired(event, `cancelled the deletion of KMS key ${keyId}`, {
        type: 'AWS::KMS::Key',
        id: keyId,
        ...(keyRef.startsWith('arn:') ? { arn: keyRef } : {}),
      });
    }
    const window = event.requestParameters.pendingWindowInDays;
    const days = typeof window === 'number' ? window : 30; // AWS default when omitted
    const deletionDate = text(event.responseElements, 'deletionDate');
    return fail(
      `The ${who(event)} scheduled KMS key ${keyId} for deletion in ${days} days` +
        (deletionDate ? ` (${deletionDate})` : '') +
        ': data encrypted under it becomes unrecoverable unless the deletion is cancelled',
      callEvidence(event, {
        keyId,
        keyArn: keyRef.startsWith('arn:') ? keyRef : null,
        pendingWindowInDays: days,
        deletionDate: deletionDate ?? null,
      }),
      {
        severity: days <= 7 ? 'critical' : 'high',
        resource: { type: 'AWS::KMS::Key', id: keyId, ...(keyRef.startsWith('arn:') ? { arn: keyRef } : {}) },
      },
    );
  },
});
