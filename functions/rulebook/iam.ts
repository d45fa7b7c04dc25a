import type { PolicyDocument, PolicyStatement } from './model/policy-document';
import { isAnonymousPrincipal } from './model/policy-document';
import { type Maybe, Unknown } from './model/unknown';
import { PartialString, ResourceReference } from './normalizers/cloudformation/reference';

/**
 * Policy analysis shared by the IAM rules. Pure, allocation-light, no regex built per call.
 */

/** Why a statement grants (nearly) everything. */
export type AdminGrant = 'action-star' | 'not-action';

export interface AdminStatement {
  /** Where the statement sits: `PolicyDocument`, `Policies[name]`, ... */
  policy: string;
  sid?: string;
  grant: AdminGrant;
}

/**
 * Statements that `Allow` every action (`"*"` or `"*:*"`) on every resource (`"*"`, or any resource
 * but a `NotResource` list), plus the `NotAction` trick: `Allow` + `NotAction [a few]` + `Resource *`
 * grants every action except the few listed, which is administrator access in all but name.
 * Conditions are not credited: IAM.1 ignores them too and a condition rarely narrows "everything".
 */
export function adminStatements(
  doc: Maybe<PolicyDocument> | undefined,
  policy: string,
  found: AdminStatement[],
): Unknown | undefined {
  if (doc === undefined) return undefined;
  if (doc instanceof Unknown) return doc;
  let hidden: Unknown | undefined;
  for (const s of doc.statements) {
    const verdict = statementGrant(s);
    if (verdict instanceof Unknown) hidden ??= verdict;
    else if (verdict) found.push({ policy, ...(s.sid ? { sid: s.sid } : {}), grant: verdict });
  }
  return hidden;
}

function statementGrant(s: PolicyStatement): AdminGrant | undefined | Unknown {
  if (s.effect instanceof Unknown) return s.effect;
  if (s.effect !== 'Allow') return undefined;
  // Actions first: a statement with known, specific actions is never admin, whatever its resources.
  let grant: AdminGrant | undefined;
  if (s.actions instanceof Unknown) return s.actions;
  for (const action of s.actions) if (action === '*' || action === '*:*') grant = 'action-star';
  if (grant === undefined) {
    if (s.notActions instanceof Unknown) return s.notActions;
    if (s.notActions.length > 0) grant = 'not-action';
  }
  if (grant === undefined) return undefined;
  const everyResource = coversEveryResource(s);
  if (everyResource instanceof Unknown) return everyResource;
  return everyResource ? grant : undefined;
}

function coversEveryResource(s: PolicyStatement): Maybe<boolean> {
  if (s.resources instanceof Unknown) return s.resources;
  if (s.resources.includes('*')) return true;
  if (s.notResources instanceof Unknown) return s.notResources;
  return s.resources.length === 0 && s.notResources.length > 0;
}

/** True when the statement's actions can include `sts:AssumeRole`. */
export function allowsAssumeRole(s: PolicyStatement): Maybe<boolean> {
  if (s.actions instanceof Unknown) return s.actions;
  for (const action of s.actions) {
    const lower = action.toLowerCase();
    if (lower === 'sts:assumerole' || lower === 'sts:*' || lower === '*' || lower === 'sts:assume*')
      return true;
  }
  if (s.notActions instanceof Unknown) return s.notActions;
  return s.notActions.length > 0 && !s.notActions.some((a) => a.toLowerCase() === 'sts:assumerole');
}

/** Lower-cased condition keys of a statement (`sts:externalid`, `aws:principalorgid`, ...). */
export function conditionKeys(s: PolicyStatement): Maybe<Set<string>> {
  const condition = s.condition;
  if (condition === undefined) return new Set();
  if (condition instanceof Unknown) return condition;
  const keys = new Set<string>();
  for (const operator of Object.keys(condition)) {
    const block = condition[operator];
    if (block instanceof Unknown) return block;
    if (block && typeof block === 'object') for (const key of Object.keys(block)) keys.add(key.toLowerCase());
  }
  return keys;
}

const ACCOUNT_IN_PRINCIPAL = /^(?:arn:aws[a-z-]*:(?:iam|sts)::)?(\d{12})(?::|$)/;

/** The 12-digit account a principal string names, if any (`123456789012`, `arn:aws:iam::123456789012:root`). */
export function accountOfPrincipal(principal: string): string | undefined {
  return ACCOUNT_IN_PRINCIPAL.exec(principal)?.[1];
}

/** Stands in for a template principal that is certainly the deploying account (see isOwnAccountPrincipal). */
export const OWN_ACCOUNT_PRINCIPAL = 'arn:aws:iam::<this account>:root';

/**
 * A principal written with the deploying account, `!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root`,
 * or a reference to a role or user of the same template: certainly this account.
 */
export function isOwnAccountPrincipal(principal: Unknown): boolean {
  if (principal instanceof ResourceReference) return true;
  if (!(principal instanceof PartialString)) return false;
  return principal.parts.some((part) => part instanceof Unknown && part.reason.includes('AWS::AccountId'));
}

/** The AWS principals of a statement (`Principal.AWS`), Unknown when hidden. */
export function awsPrincipals(s: PolicyStatement): Maybe<Array<Maybe<string>>> {
  const principal = s.principal;
  if (principal === undefined || principal === '*') return [];
  if (principal instanceof Unknown) return principal;
  const aws = principal.AWS;
  if (aws === undefined) return [];
  if (aws instanceof Unknown) return aws;
  return aws;
}

export { isAnonymousPrincipal };

const ADMIN_SUFFIX = ':iam::aws:policy/AdministratorAccess';

/**
 * True when the ARN is the AWS managed AdministratorAccess policy in any partition. A partly known
 * `!Sub arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess` still matches on its known end.
 */
export function isAdministratorAccessArn(arn: Maybe<string>): Maybe<boolean> {
  if (typeof arn === 'string') return arn.endsWith(ADMIN_SUFFIX);
  // `!Ref SomePolicy` names a customer managed policy of the same template, never an AWS managed one.
  if (arn instanceof ResourceReference) return false;
  const suffix = (arn as Unknown & { knownSuffix?: string }).knownSuffix;
  if (typeof suffix === 'string' && suffix.endsWith(ADMIN_SUFFIX)) return true;
  if (typeof suffix === 'string' && suffix.length > 0 && !ADMIN_SUFFIX.endsWith(suffix)) {
    // The certain end already differs from "...AdministratorAccess": not that policy.
    return false;
  }
  return arn;
}
