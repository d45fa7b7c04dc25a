import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { KmsKey } from '../../model/resources/kms-key';
import { firstUnknown, Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

/** Key origins that support automatic rotation (imported material and custom key stores do not). */
const ROTATABLE_ORIGIN = 'AWS_KMS';

export default defineRule({
  id: 'kms-key-rotation-enabled',
  title: 'Customer managed KMS keys rotate their key material',
  pillar: 'security',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::KMS::Key'] },
  source: { seed: '000', section: 'Security References / 2. Data Protection (KMS CMKs)' },
  rationale:
    'Automatic rotation replaces the key material every year (or on the period you choose) while old data stays ' +
    'decryptable, limiting how much data one compromised key version protects. Only symmetric encryption keys ' +
    'with KMS-generated material can rotate automatically.',
  recommendation: 'Set EnableKeyRotation: true on the key (optionally RotationPeriodInDays).',
  expectedImpact: 'Key material ages out on schedule, as PCI DSS and CIS require, at no extra effort.',
  references: { securityHub: ['KMS.4'], configRules: ['CMK_BACKING_KEY_ROTATION_ENABLED'] },
  remediation: 'kms-enable-key-rotation',
  evaluate(key: KmsKey) {
    if (key.keyManager === 'AWS') return notApplicable('AWS managed keys are rotated by AWS every year');
    const hidden = firstUnknown(key.keyManager, key.keySpec, key.keyUsage, key.origin);
    if (hidden) return unknown('The key manager, spec, usage or origin is not known', hidden);
    if (key.keySpec !== 'SYMMETRIC_DEFAULT' || key.keyUsage !== 'ENCRYPT_DECRYPT') {
      return notApplicable(`Automatic rotation does not apply to ${key.keySpec} ${key.keyUsage} keys`);
    }
    if (key.origin !== ROTATABLE_ORIGIN) {
      return notApplicable(`Automatic rotation does not apply to keys with origin ${key.origin}`);
    }
    if (key.keyState === 'PendingDeletion' || key.keyState === 'PendingReplicaDeletion') {
      return notApplicable('The key is pending deletion');
    }
    const rotation = key.rotationEnabled;
    if (rotation instanceof Unknown) return unknown('Whether the key rotates is not known', rotation);
    return rotation
      ? pass('Automatic key rotation is enabled')
      : fail('Automatic rotation is off for this symmetric customer managed key', { rotationEnabled: false });
  },
});
