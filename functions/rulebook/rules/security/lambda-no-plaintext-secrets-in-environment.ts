import { fail, pass, unknown } from '../../model/evaluation';
import type { LambdaFunction } from '../../model/resources/lambda-function';
import { Unknown } from '../../model/unknown';
import { isLiteralSecret, looksLikeSecretName } from '../../normalizers/secrets';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'lambda-no-plaintext-secrets-in-environment',
  title: 'Lambda environment variables hold no plaintext passwords, secrets, tokens or API keys',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::Lambda::Function'] },
  source: {
    seed: '000',
    section:
      'Security References / 2. Data Protection (Use Secrets Manager / Parameter Store — no hardcoded credentials)',
  },
  rationale:
    'Environment variable values are visible to anyone with lambda:GetFunctionConfiguration, are copied into ' +
    'templates, CI logs and the console, and never rotate. A credential stored there is effectively shared ' +
    'with every reader of the function configuration.',
  recommendation:
    'Store the secret in AWS Secrets Manager (or an SSM SecureString parameter) and pass its ARN or name ' +
    'instead; read it at runtime (Parameters and Secrets Lambda extension or Powertools Parameters) with ' +
    'secretsmanager:GetSecretValue granted to the function role only.',
  expectedImpact: 'Credentials leave the function configuration and can be rotated without a deploy.',
  evaluate(fn: LambdaFunction) {
    const env = fn.environment;
    if (env instanceof Unknown) return unknown('Environment variables cannot be read', env);
    const offending: string[] = [];
    for (const [name, value] of Object.entries(env)) {
      if (typeof value === 'string' && looksLikeSecretName(name) && isLiteralSecret(value))
        offending.push(name);
    }
    if (offending.length > 0) {
      // Names only: the values are secrets and must not reach findings, Slack or logs.
      return fail(`Environment variable ${offending.join(', ')} holds a literal secret`, {
        variables: offending,
      });
    }
    return pass('No environment variable looks like a literal secret');
  },
});
