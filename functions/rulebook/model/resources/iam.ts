import type { PolicyDocument } from '../policy-document';
import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

/**
 * IAM identities and policies. A policy document inside a model is `undefined` when absent,
 * `Unknown` when it cannot be read (hidden behind an intrinsic, not valid JSON).
 */
export interface IamInlinePolicy {
  name: Maybe<string> | undefined;
  document: Maybe<PolicyDocument> | undefined;
}

/**
 * `AWS::IAM::Policy` is two different things: in AWS Config it is a customer managed policy (the
 * default version's document), in CloudFormation an inline policy embedded in the roles, users and
 * groups it names. `AWS::IAM::ManagedPolicy` exists only in templates.
 */
export interface IamPolicy extends ResourceBase {
  type: 'AWS::IAM::Policy' | 'AWS::IAM::ManagedPolicy';
  policyKind: 'managed' | 'inline';
  /** The default version's document (Config) or `PolicyDocument` (templates). */
  document: Maybe<PolicyDocument> | undefined;
  /** Entities the policy is attached to, by name (Config) or logical id / name (templates). */
  attachedTo: {
    roles: Maybe<Array<Maybe<string>>>;
    users: Maybe<Array<Maybe<string>>>;
    groups: Maybe<Array<Maybe<string>>>;
  };
}

interface IamIdentity extends ResourceBase {
  /** Inline policies embedded in the identity (`rolePolicyList` / `userPolicyList` / `Policies`). */
  inlinePolicies: Maybe<IamInlinePolicy[]>;
  /**
   * ARNs of attached managed policies. An element can be a partly known string
   * (`!Sub arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess`) or Unknown.
   */
  managedPolicyArns: Maybe<Array<Maybe<string>>>;
  /**
   * Templates only: logical ids of separate `AWS::IAM::Policy` / `AWS::IAM::ManagedPolicy` resources of
   * the same template that attach themselves to this identity. Those are judged as resources of
   * their own; rules use this list only to know that a policy is attached.
   */
  policyResourcesAttached: string[];
}

export interface IamRole extends IamIdentity {
  type: 'AWS::IAM::Role';
  /** The trust policy (`assumeRolePolicyDocument` / `AssumeRolePolicyDocument`). */
  trustPolicy: Maybe<PolicyDocument> | undefined;
  permissionsBoundaryArn: Maybe<string> | undefined;
}

export interface IamUser extends IamIdentity {
  type: 'AWS::IAM::User';
  groups: Maybe<Array<Maybe<string>>>;
}
