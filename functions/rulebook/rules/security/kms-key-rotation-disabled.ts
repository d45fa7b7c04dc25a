import { callEvidence, nameFromArn, repaired, skipFailedCall, text, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail } from '../../model/evaluation';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'kms-key-rotation-disabled',
  title: 'Automatic rotation stays on for KMS keys',
  pillar: 'security',
  severity: 'medium',
  appliesTo: {
    kind: 'activity',
    eventNames: ['DisableKeyRotation', 'EnableKeyRotation'],
    eventSources: ['kms.amazonaws.com'],
  },
  source: {
    seed: '000',
    section: 'Security References / 2. Data Protection (Encrypt all data at rest with KMS CMKs)',
  },
  rationale:
    'Automatic rotation limits how much data one version of the key material protects and is required by most ' +
    'compliance frameworks (CIS, PCI DSS); turning it off quietly lets key material age forever.',
  recommendation: 'Turn automatic rotation back on (EnableKeyRotation) and restrict kms:DisableKeyRotation.',
  expectedImpact:
    'Key material is rotated yearly (or on the configured period) without anyone having to remember.',
  references: { securityHub: ['KMS.4'], configRules: ['CMK_BACKING_KEY_ROTATION_ENABLED'] },
  remediation: 'kms-enable-key-rotation',
  evaluate(event: ActivityEvent) {
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    const keyRef =
      event.resources?.find((r) => r.type === 'AWS::KMS::Key')?.arn ??
      text(event.requestParameters, 'keyId') ??
      'unknown';
    const keyId = nameFromArn(keyRef);
    const resource = {
      type: 'AWS::KMS::Key',
      id: keyId,
      ...(keyRef.startsWith('arn:') ? { arn: keyRef } : {}),
    };
    if (event.eventName === 'EnableKeyRotation') {
      return repaired(event, `turned automatic rotation on for KMS key ${keyId}`, resource);
    }
    return fail(
      `The ${who(event)} turned off automatic rotation for KMS key ${keyId}`,
      callEvidence(event, { keyId, keyArn: keyRef.startsWith('arn:') ? keyRef : null }),
      { resource },
    );
  },
});
