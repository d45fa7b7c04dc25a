import { callEvidence, repaired, skipFailedCall, text, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail, notApplicable } from '../../model/evaluation';
import { defineRule } from '../../rule';

/** The AWS managed AdministratorAccess policy in any partition (aws, aws-cn, aws-us-gov). */
const ADMINISTRATOR_ACCESS = /^arn:aws(-[a-z-]+)?:iam::aws:policy\/AdministratorAccess$/;

const USER = { param: 'userName', type: 'AWS::IAM::User', noun: 'user' } as const;
const ROLE = { param: 'roleName', type: 'AWS::IAM::Role', noun: 'role' } as const;
const GROUP = { param: 'groupName', type: 'AWS::IAM::Group', noun: 'group' } as const;
const TARGETS = {
  AttachUserPolicy: USER,
  AttachRolePolicy: ROLE,
  AttachGroupPolicy: GROUP,
  DetachUserPolicy: USER,
  DetachRolePolicy: ROLE,
  DetachGroupPolicy: GROUP,
} as const;

export default defineRule({
  id: 'iam-administrator-access-attached',
  title: 'AdministratorAccess is not attached to users, roles or groups',
  pillar: 'security',
  severity: 'high',
  appliesTo: {
    kind: 'activity',
    eventNames: Object.keys(TARGETS),
    eventSources: ['iam.amazonaws.com'],
  },
  source: { seed: '004', section: 'IAM Best Practices / Rule 3: Principle of Least Privilege (PoLP)' },
  rationale:
    'AdministratorAccess grants every action on every resource. A principal that holds it turns any bug, leaked ' +
    'credential or confused deputy into full control of the account.',
  recommendation:
    'Detach AdministratorAccess and grant only the actions the principal needs (start from IAM Access Analyzer ' +
    'policy generation). Keep administrator access behind IAM Identity Center permission sets with MFA.',
  expectedImpact: 'The blast radius of a compromised principal shrinks to what it actually needs.',
  remediation: 'iam-detach-administrator-access',
  evaluate(event: ActivityEvent) {
    const target = TARGETS[event.eventName as keyof typeof TARGETS];
    if (!target) return notApplicable(`${event.eventName} does not attach or detach a managed policy`);
    const policyArn = text(event.requestParameters, 'policyArn');
    if (!policyArn || !ADMINISTRATOR_ACCESS.test(policyArn)) {
      return notApplicable('the attached policy is not AdministratorAccess');
    }
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    const name = text(event.requestParameters, target.param) ?? 'unknown';
    if (event.eventName.startsWith('Detach')) {
      return repaired(event, `detached AdministratorAccess from IAM ${target.noun} ${name}`, {
        type: target.type,
        id: name,
        name,
      });
    }
    return fail(
      `The ${who(event)} attached AdministratorAccess to IAM ${target.noun} ${name}`,
      callEvidence(event, { policyArn, targetType: target.type, [target.param]: name }),
      { resource: { type: target.type, id: name, name } },
    );
  },
});
