import { accountOfPrincipal, allowsAssumeRole, awsPrincipals, conditionKeys } from '../../iam';
import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { IamRole } from '../../model/resources/iam';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

/** Condition keys that tie the trust to a known third party (ExternalId) or to the own organization. */
const SCOPING_KEYS = ['sts:externalid', 'aws:principalorgid', 'aws:principalorgpaths'];

export default defineRule({
  id: 'iam-role-cross-account-trust-requires-external-id',
  title: 'Roles trusted by another account require an sts:ExternalId condition',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::IAM::Role'] },
  source: { seed: '001', section: 'IAM Best Practices / Cross-Account Access (sts:ExternalId condition)' },
  rationale:
    'A role that another AWS account may assume without an sts:ExternalId condition is open to the ' +
    '"confused deputy" problem: any customer of that third party can ask it to assume your role. The ' +
    'ExternalId (or an aws:PrincipalOrgID condition for accounts of your own organization) ties the trust ' +
    'to the intended relationship.',
  recommendation:
    'Add "Condition": {"StringEquals": {"sts:ExternalId": "<id agreed with the third party>"}} to the trust ' +
    'statement, or aws:PrincipalOrgID when the other account belongs to your AWS Organization. Trust a ' +
    'specific role ARN rather than the whole account (":root") where you can.',
  expectedImpact: 'Only the intended party can assume the role; a confused deputy cannot be tricked into it.',
  evaluate(role: IamRole) {
    const trust = role.trustPolicy;
    if (trust === undefined) return notApplicable('The role has no trust policy');
    if (trust instanceof Unknown) return unknown('The trust policy is set at deploy time', trust);
    const offending: Array<{ sid?: string; accounts: string[] }> = [];
    let hidden: Unknown | undefined;
    let crossAccount = false;
    for (const statement of trust.statements) {
      if (statement.effect instanceof Unknown) {
        hidden ??= statement.effect;
        continue;
      }
      if (statement.effect !== 'Allow') continue;
      const assumes = allowsAssumeRole(statement);
      if (assumes instanceof Unknown) {
        hidden ??= assumes;
        continue;
      }
      if (!assumes) continue;
      const principals = awsPrincipals(statement);
      if (principals instanceof Unknown) {
        hidden ??= principals;
        continue;
      }
      const accounts: string[] = [];
      for (const principal of principals) {
        if (principal instanceof Unknown) {
          hidden ??= principal;
          continue;
        }
        const account = accountOfPrincipal(principal);
        if (account && account !== role.accountId) accounts.push(account);
      }
      if (accounts.length === 0) continue;
      crossAccount = true;
      const keys = conditionKeys(statement);
      if (keys instanceof Unknown) {
        hidden ??= keys;
        continue;
      }
      if (!SCOPING_KEYS.some((key) => keys.has(key))) {
        offending.push({ ...(statement.sid ? { sid: statement.sid } : {}), accounts });
      }
    }
    if (offending.length > 0) {
      const accounts = [...new Set(offending.flatMap((o) => o.accounts))];
      return fail(`Account ${accounts.join(', ')} may assume the role without an sts:ExternalId condition`, {
        statements: offending,
        trustedAccounts: accounts,
      });
    }
    if (hidden) return unknown('A trust principal or condition is set at deploy time', hidden);
    return crossAccount
      ? pass(
          'Every other account trusted by the role must present an sts:ExternalId (or be in the organization)',
        )
      : notApplicable('The role is not trusted by another AWS account');
  },
});
