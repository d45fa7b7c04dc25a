import { fail, pass, unknown } from '../../model/evaluation';
import type { EcsTaskDefinition } from '../../model/resources/ecs-task-definition';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

/** Names that hold credentials (ECS_NO_ENVIRONMENT_SECRETS checks a similar key list). */
/** Whole name segments only: `DB_PASSWORD`, `GITHUB_TOKEN`, `STRIPE_API_KEY`, `CLIENT_SECRET`, `APIKEY`. */
const SECRET_NAME =
  /(^|_)(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|SECRET_?KEY|PRIVATE_?KEY|CREDENTIALS?)(_|$)/i;
/** Names that point at a secret or describe it rather than hold it (`DB_SECRET_ARN`, `TOKEN_TTL`). */
const POINTER_NAME =
  /_(ARN|NAME|ID|FILE|PATH|URL|URI|ENDPOINT|REGION|TTL|TIMEOUT|EXPIRY|EXPIRES|LENGTH|HEADER|ENABLED|TYPE|VERSION)$/i;

export default defineRule({
  id: 'ecs-task-definition-no-secrets-in-environment',
  title: 'ECS task definitions pass secrets through `secrets`, not environment values',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::ECS::TaskDefinition'] },
  source: { seed: '001', section: 'ECS/Fargate / Task Definition (secrets with valueFrom Secrets Manager)' },
  rationale:
    'Environment values are stored in plain text in the task definition: anyone with ecs:DescribeTaskDefinition, ' +
    'the console or a CloudTrail reader sees them. Seed 001 injects DATABASE_URL with `secrets`/`valueFrom`; ' +
    'seed 000 says no hard-coded credentials.',
  recommendation:
    'Store the value in Secrets Manager or SSM Parameter Store (SecureString) and reference it in the ' +
    'container `secrets` list (name + valueFrom); grant the execution role read access to that secret only.',
  expectedImpact: 'Credentials leave the task definition and can be rotated without a redeploy.',
  references: { securityHub: ['ECS.8'], configRules: ['ECS_NO_ENVIRONMENT_SECRETS'] },
  evaluate(task: EcsTaskDefinition) {
    if (task.containers instanceof Unknown)
      return unknown('The container definitions cannot be read', task.containers);
    const offending: Array<{ container: string; variable: string }> = [];
    let hidden: Unknown | undefined;
    for (const container of task.containers) {
      if (container.environment instanceof Unknown) {
        hidden ??= container.environment;
        continue;
      }
      const containerName = typeof container.name === 'string' ? container.name : '?';
      for (const variable of container.environment) {
        if (variable.name instanceof Unknown) {
          hidden ??= variable.name;
          continue;
        }
        if (!SECRET_NAME.test(variable.name) || POINTER_NAME.test(variable.name)) continue;
        const value = variable.value;
        if (value instanceof Unknown) {
          hidden ??= value;
          continue;
        }
        if (value === undefined || value === '' || value.startsWith('arn:')) continue;
        offending.push({ container: containerName, variable: variable.name });
      }
    }
    if (offending.length > 0) {
      return fail(
        `Secret-looking environment values: ${offending.map((o) => `${o.container}/${o.variable}`).join(', ')}`,
        // Names only: the values are secrets and never go into a finding.
        { variables: offending },
      );
    }
    if (hidden) return unknown('An environment value is set at deploy time', hidden);
    return pass('No secret-looking names with literal values in container environments');
  },
});
