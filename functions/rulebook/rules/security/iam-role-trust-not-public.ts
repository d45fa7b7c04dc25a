import { allowsAssumeRole, conditionKeys, isAnonymousPrincipal } from '../../iam';
import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { IamRole } from '../../model/resources/iam';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

/** Conditions that narrow a `*` principal to known accounts, organizations or sources. */
const RESTRICTING_KEYS = [
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
];

export default defineRule({
  id: 'iam-role-trust-not-public',
  title: 'Role trust policies do not trust every AWS principal ("*") without a restricting condition',
  pillar: 'security',
  severity: 'critical',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::IAM::Role'] },
  source: { seed: '001', section: 'IAM Best Practices / Cross-Account Access' },
  rationale:
    'A trust policy with "Principal": "*" (or {"AWS": "*"}) lets any AWS account in the world call ' +
    'sts:AssumeRole on the role. Unless a condition pins the caller to your organization, account or ARN, ' +
    'whoever learns the role ARN gets its permissions.',
  recommendation:
    'Name the trusted account or role ARN in the Principal, or keep "*" only together with an ' +
    'aws:PrincipalOrgID / aws:PrincipalAccount / aws:PrincipalArn condition.',
  expectedImpact: 'Only principals you chose can assume the role.',
  evaluate(role: IamRole) {
    const trust = role.trustPolicy;
    if (trust === undefined) return notApplicable('The role has no trust policy');
    if (trust instanceof Unknown) return unknown('The trust policy is set at deploy time', trust);
    const offending: string[] = [];
    let hidden: Unknown | undefined;
    for (const [index, statement] of trust.statements.entries()) {
      if (statement.effect instanceof Unknown) {
        hidden ??= statement.effect;
        continue;
      }
      if (statement.effect !== 'Allow') continue;
      const everyone = isAnonymousPrincipal(statement.principal);
      if (everyone instanceof Unknown) {
        hidden ??= everyone;
        continue;
      }
      if (!everyone) continue;
      const assumes = allowsAssumeRole(statement);
      if (assumes instanceof Unknown) {
        hidden ??= assumes;
        continue;
      }
      if (!assumes) continue;
      const keys = conditionKeys(statement);
      if (keys instanceof Unknown) {
        hidden ??= keys;
        continue;
      }
      if (!RESTRICTING_KEYS.some((key) => keys.has(key)))
        offending.push(statement.sid ?? `Statement[${index}]`);
    }
    if (offending.length > 0) {
      return fail(
        'Any AWS principal may assume the role: the trust policy allows "*" without a restricting condition',
        {
          statements: offending,
        },
      );
    }
    if (hidden) return unknown('A trust principal or condition is set at deploy time', hidden);
    return pass('The trust policy names its principals (or restricts "*" with a condition)');
  },
});
