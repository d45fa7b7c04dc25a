import { fail, pass, unknown } from '../../model/evaluation';
import type { CloudTrailTrail } from '../../model/resources/cloudtrail-trail';
import { Unknown } from '../../model/unknown';
import { PartialString, ResourceReference } from '../../normalizers/cloudformation/reference';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'cloudtrail-encrypted-with-kms',
  title: 'CloudTrail log files are encrypted with a KMS key',
  pillar: 'security',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::CloudTrail::Trail'] },
  source: {
    seed: '000',
    section: 'Security References / 4. Monitoring & Logging and 2. Data Protection (KMS CMKs)',
  },
  rationale:
    'By default trail logs are encrypted with SSE-S3, so anyone with s3:GetObject on the log bucket can read ' +
    'them. SSE-KMS with a customer managed key adds a second, separately audited permission (kms:Decrypt).',
  recommendation:
    'Set KMSKeyId to a customer managed KMS key whose key policy lets CloudTrail encrypt and only the ' +
    'security/audit roles decrypt.',
  expectedImpact: 'Reading the audit logs requires an explicit KMS grant, and every decrypt is logged.',
  references: { securityHub: ['CloudTrail.2'], configRules: ['CLOUD_TRAIL_ENCRYPTION_ENABLED'] },
  evaluate(trail: CloudTrailTrail) {
    const key = trail.kmsKeyId;
    // A key of the same template (!Ref / !GetAtt) or a partly known ARN is certainly set.
    const certainlySet = key instanceof ResourceReference || key instanceof PartialString;
    if (key instanceof Unknown && !certainlySet) return unknown('KMSKeyId is set at deploy time', key);
    return key === undefined
      ? fail('The trail has no KMS key: logs are encrypted with SSE-S3 only')
      : pass('The trail encrypts its logs with a KMS key');
  },
});
