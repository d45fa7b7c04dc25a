import { isAdministratorAccessArn } from '../../iam';
import { fail, pass, unknown } from '../../model/evaluation';
import type { IamRole, IamUser } from '../../model/resources/iam';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'iam-no-administrator-access-attached',
  title: 'The AWS managed AdministratorAccess policy is not attached to users or roles',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::IAM::Role', 'AWS::IAM::User'] },
  source: { seed: '004', section: 'IAM Best Practices / Rule 3: Principle of Least Privilege (PoLP)' },
  rationale:
    'arn:aws:iam::aws:policy/AdministratorAccess grants every action on every resource. Attached to an ' +
    'application role or a user it turns any compromise of that principal into a compromise of the account.',
  recommendation:
    'Detach AdministratorAccess and attach a policy scoped to the actions and resources the principal uses; ' +
    'keep administrator rights on a few break-glass or Identity Center permission sets that require MFA.',
  expectedImpact: 'A leaked credential or a bug in the workload cannot act on the whole account.',
  references: { configRules: ['IAM_POLICY_BLACKLISTED_CHECK'] },
  remediation: 'iam-detach-administrator-access',
  evaluate(identity: IamRole | IamUser) {
    const arns = identity.managedPolicyArns;
    if (arns instanceof Unknown) return unknown('The managed policy list is set at deploy time', arns);
    let hidden: Unknown | undefined;
    for (const arn of arns) {
      const isAdmin = isAdministratorAccessArn(arn);
      if (isAdmin === true) {
        return fail(
          `AdministratorAccess is attached to the ${identity.type === 'AWS::IAM::Role' ? 'role' : 'user'}`,
          { policyArn: typeof arn === 'string' ? arn : arn.toJSON() },
        );
      }
      if (isAdmin instanceof Unknown) hidden ??= isAdmin;
    }
    if (hidden) return unknown('A managed policy ARN is set at deploy time', hidden);
    return pass('AdministratorAccess is not attached');
  },
});
