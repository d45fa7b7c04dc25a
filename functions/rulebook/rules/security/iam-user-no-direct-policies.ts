import { fail, pass, unknown } from '../../model/evaluation';
import type { IamUser } from '../../model/resources/iam';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'iam-user-no-direct-policies',
  title: 'IAM users get permissions from groups or roles, not policies attached to the user',
  pillar: 'security',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::IAM::User'] },
  source: {
    seed: '000',
    section: 'Security References / 1. Identity & Access (use ABAC or RBAC: tags, groups, accounts)',
  },
  rationale:
    'Inline and directly attached policies make every user a special case: permissions drift, reviews miss ' +
    'them and they survive role changes. Permissions granted through groups (or, better, roles assumed ' +
    'through IAM Identity Center) are reviewed and revoked in one place.',
  recommendation:
    "Move the user's inline and attached policies to an IAM group that matches the job, add the user to " +
    'the group, then delete the user-level policies. Prefer IAM Identity Center and roles for people.',
  expectedImpact: 'Access is reviewable per job function; removing a user from a group removes the access.',
  references: { securityHub: ['IAM.2'], configRules: ['IAM_USER_NO_POLICIES_CHECK'] },
  evaluate(user: IamUser) {
    const inline = user.inlinePolicies;
    const managed = user.managedPolicyArns;
    if (inline instanceof Unknown)
      return unknown("The user's inline policies are set at deploy time", inline);
    if (managed instanceof Unknown)
      return unknown("The user's managed policies are set at deploy time", managed);
    const inlineNames = inline.map((p) => (typeof p.name === 'string' ? p.name : '<set at deploy time>'));
    const attached = managed.map((arn) => (typeof arn === 'string' ? arn : arn.toJSON()));
    const resources = user.policyResourcesAttached;
    if (inlineNames.length + attached.length + resources.length === 0) {
      return pass('The user has no inline or directly attached policies');
    }
    const inlineCount = inlineNames.length + resources.length;
    return fail(
      `The user has policies of its own: ${inlineCount} inline, ${attached.length} attached managed`,
      {
        inlinePolicies: inlineNames,
        managedPolicyArns: attached,
        ...(resources.length > 0 ? { policyResources: resources } : {}),
      },
    );
  },
});
