import type { PlannedCall } from '../../ports/remediation-executor';
import type { Finding } from '../model/finding';
import { defineRemediation, field, notFixed, ok, optionalString, RemediationPlanError } from './remediation';

/**
 * Detaches the AWS managed AdministratorAccess policy from one IAM user, role or group.
 * Evidence: `principalType` ('user' | 'role' | 'group') and `principalName`; or the activity rule's
 * `targetType` (AWS::IAM::User | Role | Group) with `userName` / `roleName` / `groupName`; else the
 * finding's resource (type AWS::IAM::User | Role | Group, name). `policyArn` is optional (defaults to
 * `arn:aws:iam::aws:policy/AdministratorAccess`; any other policy is refused).
 */
const ID = 'iam-detach-administrator-access';
const DEFAULT_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

const BY_TYPE = {
  user: { detach: 'DetachUserPolicy', list: 'ListAttachedUserPolicies', key: 'UserName' },
  role: { detach: 'DetachRolePolicy', list: 'ListAttachedRolePolicies', key: 'RoleName' },
  group: { detach: 'DetachGroupPolicy', list: 'ListAttachedGroupPolicies', key: 'GroupName' },
} as const;

const CFN_TYPES: Record<string, keyof typeof BY_TYPE> = {
  'AWS::IAM::User': 'user',
  'AWS::IAM::Role': 'role',
  'AWS::IAM::Group': 'group',
};
const NAME_KEYS = { user: 'userName', role: 'roleName', group: 'groupName' } as const;

function target(finding: Finding) {
  const type =
    optionalString(finding, 'principalType') ??
    CFN_TYPES[optionalString(finding, 'targetType') ?? ''] ??
    CFN_TYPES[finding.resource.type];
  if (type !== 'user' && type !== 'role' && type !== 'group') {
    throw new RemediationPlanError(
      ID,
      'evidence must name a user, role or group (principalType or targetType)',
      ['principalType'],
    );
  }
  const name =
    optionalString(finding, 'principalName') ??
    optionalString(finding, NAME_KEYS[type]) ??
    (CFN_TYPES[finding.resource.type] === type ? finding.resource.name : undefined);
  if (!name) {
    throw new RemediationPlanError(ID, `evidence has no ${NAME_KEYS[type]} or principalName`, [
      'principalName',
    ]);
  }
  const policyArn = optionalString(finding, 'policyArn') ?? DEFAULT_POLICY;
  if (!policyArn.endsWith(':policy/AdministratorAccess')) {
    throw new RemediationPlanError(ID, `refusing to detach ${policyArn}: only AdministratorAccess`, [
      'policyArn',
    ]);
  }
  return { ...BY_TYPE[type], name, policyArn };
}

export default defineRemediation({
  id: ID,
  title: 'Detach AdministratorAccess from the IAM principal',
  destructive: false,
  writeActions: ['iam:DetachUserPolicy', 'iam:DetachRolePolicy', 'iam:DetachGroupPolicy'],
  readActions: [
    'iam:ListAttachedUserPolicies',
    'iam:ListAttachedRolePolicies',
    'iam:ListAttachedGroupPolicies',
  ],
  evidenceKeys: [
    'principalType',
    'principalName',
    'targetType',
    'userName',
    'roleName',
    'groupName',
    'policyArn',
  ],
  plan(finding): PlannedCall[] {
    const t = target(finding);
    return [
      {
        service: 'IAM',
        operation: t.detach,
        input: { [t.key]: t.name, PolicyArn: t.policyArn },
        iamAction: `iam:${t.detach}`,
      },
    ];
  },
  verify: {
    read(finding) {
      const t = target(finding);
      return [{ service: 'IAM', operation: t.list, input: { [t.key]: t.name }, iamAction: `iam:${t.list}` }];
    },
    check([output], finding) {
      const { policyArn } = target(finding);
      const attached = field(output, 'AttachedPolicies');
      const still = Array.isArray(attached) && attached.some((p) => field(p, 'PolicyArn') === policyArn);
      return still
        ? notFixed('AdministratorAccess is still attached')
        : ok('AdministratorAccess is detached');
    },
  },
});
