import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { KmsKey } from '../../model/resources/kms-key';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'kms-key-not-pending-deletion',
  title: 'KMS keys are not scheduled for deletion',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::KMS::Key'] },
  source: { seed: '000', section: 'Security References / 2. Data Protection (KMS CMKs)' },
  rationale:
    'Deleting a KMS key is irreversible: every object, volume, snapshot and secret encrypted under it becomes ' +
    'unreadable when the waiting period ends. Scheduling deletion is also a known ransom and sabotage technique.',
  recommendation:
    'If the deletion is not intended, cancel it (CancelKeyDeletion) and re-enable the key; if it is, confirm ' +
    'nothing still uses the key (CloudTrail Decrypt events, the Config relationships) before the date.',
  expectedImpact: 'Data encrypted under the key stays recoverable.',
  references: { securityHub: ['KMS.3'], configRules: ['KMS_CMK_NOT_SCHEDULED_FOR_DELETION'] },
  remediation: 'kms-cancel-key-deletion',
  evaluate(key: KmsKey, ctx) {
    const state = key.keyState;
    if (state === undefined) return notApplicable('A key declared in a template is not pending deletion');
    if (state instanceof Unknown) return unknown('The key state is not known', state);
    if (state !== 'PendingDeletion' && state !== 'PendingReplicaDeletion') {
      return pass(`The key state is ${state}`);
    }
    const days = key.deletionDate
      ? Math.ceil((Date.parse(key.deletionDate) - ctx.now.getTime()) / 86_400_000)
      : undefined;
    const when =
      key.deletionDate === undefined
        ? ''
        : days !== undefined && days >= 0
          ? ` on ${key.deletionDate.slice(0, 10)} (in ${days} day${days === 1 ? '' : 's'})`
          : ` on ${key.deletionDate.slice(0, 10)}`;
    return fail(`The key is scheduled for deletion${when}`, {
      keyState: state,
      ...(key.deletionDate ? { deletionDate: key.deletionDate } : {}),
      ...(days !== undefined ? { daysLeft: days } : {}),
    });
  },
});
