import { fail, notApplicable, pass } from '../../model/evaluation';
import type { ResourceBase } from '../../model/resource';
import { defineRule } from '../../rule';

/** Covered with a more specific message by lambda-no-plaintext-secrets-in-environment. */
const LAMBDA_ENVIRONMENT = 'Environment.Variables.';

/** Returned for most resources: one shared, frozen result instead of an allocation per evaluation. */
const NOT_APPLICABLE = Object.freeze(notApplicable('Only templates are checked for literal secrets'));

export default defineRule({
  id: 'no-plaintext-secrets-in-template',
  title: 'Templates hold no plaintext passwords, secrets or tokens in resource properties',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['*'] },
  source: {
    seed: '000',
    section:
      'Security References / 2. Data Protection (Use Secrets Manager / Parameter Store — no hardcoded credentials)',
  },
  rationale:
    'A literal password in a template is stored in source control, CI logs, the CloudFormation console and ' +
    'every copy of the template; it cannot be rotated without a redeploy and is readable by anyone with ' +
    'cloudformation:GetTemplate.',
  recommendation:
    'Use a dynamic reference ({{resolve:secretsmanager:name:SecretString:key}} or {{resolve:ssm-secure:name}}), ' +
    'ManageMasterUserPassword for RDS, or a NoEcho parameter fed from a secret store at deploy time.',
  expectedImpact: 'No credential lives in templates or their history; secrets rotate without code changes.',
  evaluate(resource: ResourceBase) {
    const found = resource.plaintextSecrets;
    if (found === undefined) return NOT_APPLICABLE;
    const paths =
      resource.type === 'AWS::Lambda::Function'
        ? found.filter((p) => !p.startsWith(LAMBDA_ENVIRONMENT))
        : found;
    if (paths.length === 0) return pass('No property holds a literal secret');
    // Property paths only: the values are secrets and must not reach findings, Slack or logs.
    return fail(
      `Propert${paths.length === 1 ? 'y' : 'ies'} ${paths.join(', ')} hold${paths.length === 1 ? 's' : ''} a literal secret`,
      {
        properties: paths,
      },
    );
  },
});
