import { fail, pass, unknown } from '../../model/evaluation';
import type { SecretsManagerSecret } from '../../model/resources/secretsmanager-secret';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'secretsmanager-secret-rotation-enabled',
  title: 'Secrets Manager secrets rotate automatically',
  pillar: 'security',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::SecretsManager::Secret'] },
  source: {
    seed: '000',
    section: 'Security References / 2. Data Protection (Secrets Manager, no hardcoded credentials)',
  },
  rationale:
    'A credential that never changes stays valid for anyone who ever copied it: from a log, a laptop, a former ' +
    'colleague. Automatic rotation limits how long a leaked secret is useful.',
  recommendation:
    'Add an AWS::SecretsManager::RotationSchedule for the secret (HostedRotationLambda for RDS, Redshift and ' +
    'DocumentDB credentials, or your own rotation function) with RotationRules that fit your policy, e.g. 30 days.',
  expectedImpact: 'A leaked credential stops working at the next rotation.',
  references: { securityHub: ['SecretsManager.1'], configRules: ['SECRETSMANAGER_ROTATION_ENABLED_CHECK'] },
  evaluate(secret: SecretsManagerSecret) {
    const enabled = secret.rotationEnabled;
    if (enabled instanceof Unknown)
      return unknown('Whether the secret rotates is set at deploy time', enabled);
    if (!enabled)
      return fail('Automatic rotation is not configured for this secret', { rotationEnabled: false });
    const days = secret.rotationIntervalDays;
    return pass(
      typeof days === 'number' ? `The secret rotates every ${days} days` : 'Automatic rotation is configured',
      secret.rotatedBy ? { rotatedBy: secret.rotatedBy } : undefined,
    );
  },
});
