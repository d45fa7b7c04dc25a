import { type AdminStatement, adminStatements } from '../../iam';
import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { IamPolicy, IamRole, IamUser } from '../../model/resources/iam';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

type Subject = IamPolicy | IamRole | IamUser;

export default defineRule({
  id: 'iam-policy-no-full-admin',
  title: 'IAM policies do not allow every action on every resource',
  pillar: 'security',
  severity: 'critical',
  appliesTo: {
    kind: 'resource',
    resourceTypes: ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::User'],
  },
  source: { seed: '004', section: 'IAM Best Practices / Rule 3: Principle of Least Privilege (PoLP)' },
  rationale:
    'A statement with "Effect": "Allow", "Action": "*" and "Resource": "*" is full administrator access: one ' +
    'leaked credential or one confused application can read, change or delete anything in the account. ' +
    '"Allow" with "NotAction" over "*" is the same grant minus a short list, and is treated the same way.',
  recommendation:
    'Replace the statement with the specific actions and resources the workload needs (IAM Access Analyzer ' +
    'can generate a policy from CloudTrail activity); keep administrator access on a few break-glass roles ' +
    'that require MFA, outside application policies.',
  expectedImpact: 'A compromised principal can only do what its job needs, not take over the account.',
  references: {
    securityHub: ['IAM.1'],
    configRules: ['IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS'],
  },
  evaluate(subject: Subject) {
    const found: AdminStatement[] = [];
    let hidden: Unknown | undefined;
    if ('policyKind' in subject) {
      if (subject.document === undefined) return notApplicable('The policy has no document');
      hidden = adminStatements(subject.document, 'PolicyDocument', found);
    } else {
      const inline = subject.inlinePolicies;
      if (inline instanceof Unknown) return unknown('The inline policies are set at deploy time', inline);
      if (inline.length === 0) return notApplicable(`The ${identity(subject)} has no inline policies`);
      for (const policy of inline) {
        const name = typeof policy.name === 'string' ? policy.name : '?';
        hidden = adminStatements(policy.document, `Policies[${name}]`, found) ?? hidden;
      }
    }
    if (found.length > 0) {
      const notActionOnly = found.every((f) => f.grant === 'not-action');
      return fail(
        notActionOnly
          ? 'A statement allows every action except a short NotAction list on every resource'
          : 'A statement allows "Action": "*" on "Resource": "*" (full administrator access)',
        { statements: found },
        notActionOnly ? { severity: 'high' } : {},
      );
    }
    if (hidden) return unknown('A policy statement is set at deploy time', hidden);
    return pass('No statement allows every action on every resource');
  },
});

function identity(subject: IamRole | IamUser): string {
  return subject.type === 'AWS::IAM::Role' ? 'role' : 'user';
}
