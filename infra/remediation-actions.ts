import {
  remediationReadActions as catalogReadActions,
  remediationRecheckActions as catalogRecheckActions,
  remediationWriteActions as catalogWriteActions,
} from '../functions/rulebook/remediations/index';

const EXACT = /^[a-z0-9-]+:[A-Za-z0-9]+$/;
const READ = /^[a-z0-9-]+:(Get|List|Describe)[A-Za-z0-9]*$/;

/**
 * The write actions the remediation catalog declares (`functions/rulebook/remediations/`): the
 * member-account remediation role, assumable only by the Remediate function, is granted exactly
 * these. Checked to be exact actions (no wildcard).
 */
export function remediationWriteActions(): string[] {
  return checked('remediationWriteActions', catalogWriteActions(), EXACT);
}

/**
 * Everything the member-account remediation (write) role is granted: the catalog's write actions plus
 * the reads Remediate repeats right before a write to refuse a stale plan (`recheckActions`, e.g.
 * `s3:GetBucketPolicy` before PutBucketPolicy). Checked to be exact actions, the reads exact Get /
 * List / Describe actions.
 */
export function remediationRoleActions(): string[] {
  return [
    ...new Set([
      ...remediationWriteActions(),
      ...checked('remediationRecheckActions', catalogRecheckActions(), READ),
    ]),
  ].sort();
}

/**
 * The read actions the remediation catalog declares for its `prepare` and `verify` reads: the
 * member-account remediation read role (Plan and Verify) is granted exactly these. Checked to be
 * exact Get / List / Describe actions, so a write can never slip into the read-only role.
 */
export function remediationReadActions(): string[] {
  return checked('remediationReadActions', catalogReadActions(), READ);
}

function checked(name: string, actions: readonly string[], shape: RegExp): string[] {
  const bad = actions.filter((a) => !shape.test(a));
  if (bad.length > 0)
    throw new Error(`${name}() must return exact IAM actions of the form ${shape}, got ${bad.join(', ')}`);
  return [...new Set(actions)].sort();
}

type Conditions = Record<string, Record<string, string>>;

/**
 * Conditions that narrow a catalog write action to what the catalog's remediations actually do, in
 * the member remediation role (one Allow statement per distinct condition). An action not listed
 * here is granted on its own name and `*` (the resource is whichever one an approved finding names).
 *
 * - `iam:CreateServiceLinkedRole`: GuardDuty's CreateDetector creates GuardDuty's service-linked
 *   role, and nothing else's (`iam:AWSServiceName`).
 * - `iam:Detach{User,Role,Group}Policy`: the only IAM remediation (`iam-detach-administrator-access`)
 *   detaches the AWS managed AdministratorAccess policy and refuses any other. `iam:PolicyARN`
 *   "checks the ARN of a managed policy in requests that involve a managed policy" (IAM User Guide,
 *   IAM condition keys, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PolicyARN),
 *   so the role cannot detach a customer's other managed policies (e.g. a permissions guardrail).
 */
export function remediationActionConditions(partition: string): Readonly<Record<string, Conditions>> {
  const detachAdministratorAccess: Conditions = {
    ArnEquals: { 'iam:PolicyARN': administratorAccessArn(partition) },
  };
  return {
    'iam:CreateServiceLinkedRole': { StringEquals: { 'iam:AWSServiceName': 'guardduty.amazonaws.com' } },
    'iam:DetachUserPolicy': detachAdministratorAccess,
    'iam:DetachRolePolicy': detachAdministratorAccess,
    'iam:DetachGroupPolicy': detachAdministratorAccess,
  };
}

/**
 * Actions that do not support the global condition key `aws:ResourceAccount` (`ebs:*` too, see
 * `supportsResourceAccount`): the member remediation role grants them without it; every other
 * Allow requires the member's own account.
 *
 * - The exceptions the IAM User Guide lists ("AWS global condition context keys",
 *   aws:ResourceAccount, Availability: present for most service actions except these; from the
 *   current page as remembered, the stored 2023 copy predates the key), should the catalog plan them:
 *   EBS direct APIs (`ebs:*`), `ec2:CopyFpgaImage`, `ec2:CopyImage`, `ec2:CopySnapshot`,
 *   `ec2:CreateTransitGatewayPeeringAttachment`, `ec2:CreateVolume`,
 *   `ec2:CreateVpcPeeringConnection`, `events:PutEvents`.
 * - `ec2:CreateVpcEndpoint` (s3-gateway-endpoint): creating an endpoint to an AWS service may also
 *   be authorized against the service's AWS-owned resources, whose account is not the member's;
 *   not verified either way, so it is left without the condition rather than risk refusing the fix.
 */
export const RESOURCE_ACCOUNT_UNSUPPORTED: readonly string[] = [
  'ec2:CopyFpgaImage',
  'ec2:CopyImage',
  'ec2:CopySnapshot',
  'ec2:CreateTransitGatewayPeeringAttachment',
  'ec2:CreateVolume',
  'ec2:CreateVpcEndpoint',
  'ec2:CreateVpcPeeringConnection',
  'events:PutEvents',
];

/** Whether a granted `action` can require `aws:ResourceAccount` (see `RESOURCE_ACCOUNT_UNSUPPORTED`). */
export function supportsResourceAccount(action: string): boolean {
  return !action.startsWith('ebs:') && !RESOURCE_ACCOUNT_UNSUPPORTED.includes(action);
}

/** The AWS managed AdministratorAccess policy, the only policy the remediation role may detach. */
export function administratorAccessArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/AdministratorAccess`;
}

/**
 * Roles in a member account the remediation role may never change, whatever a finding names: IAM
 * Identity Center's (`aws-reserved/…`), Control Tower's, the StackSets execution roles, the
 * organization's access role, and the compliance bot's own member roles (names given by the
 * caller). As `role/<name or pattern>` resource suffixes.
 */
export const PROTECTED_ROLE_PATTERNS: readonly string[] = [
  'aws-reserved/*',
  'AWSControlTower*',
  'aws-controltower-*',
  'stacksets-exec-*',
  'AWSCloudFormationStackSetExecutionRole',
  'OrganizationAccountAccessRole',
];
