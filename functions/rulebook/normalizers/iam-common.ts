import { isOwnAccountPrincipal, OWN_ACCOUNT_PRINCIPAL } from '../iam';
import { type PolicyDocument, parsePolicyDocument } from '../model/policy-document';
import type { IamInlinePolicy } from '../model/resources/iam';
import { type Maybe, Unknown } from '../model/unknown';
import type { TemplateScope } from './normalizer';
import { asArray, asString, get } from './values';

/**
 * Shared readers for the IAM normalizers. Config items carry documents as URL-encoded JSON strings
 * (sometimes decoded objects, and the RDK user sample wraps `policyDocument` in a list); templates
 * carry objects with Unknown leaves.
 */
export function policyDocumentFrom(raw: unknown): Maybe<PolicyDocument> | undefined {
  if (!Array.isArray(raw)) return parsePolicyDocument(raw);
  const statements: PolicyDocument['statements'] = [];
  for (const part of raw) {
    const doc = parsePolicyDocument(part);
    if (doc instanceof Unknown) return doc;
    if (doc) statements.push(...doc.statements);
  }
  return { statements };
}

/** `[{policyName, policyDocument}]` (Config) or `[{PolicyName, PolicyDocument}]` (templates). */
export function inlinePoliciesFrom(
  raw: unknown,
  nameKey: string,
  documentKey: string,
): Maybe<IamInlinePolicy[]> {
  const list = asArray(raw);
  if (list instanceof Unknown) return list;
  const out: IamInlinePolicy[] = [];
  for (const item of list ?? []) {
    if (item instanceof Unknown) return item;
    out.push({ name: asString(get(item, nameKey)), document: policyDocumentFrom(get(item, documentKey)) });
  }
  return out;
}

/** A list of strings whose elements may be Unknown (or partly known strings). */
export function stringListFrom(raw: unknown): Maybe<Array<Maybe<string>>> {
  const list = asArray(raw);
  if (list instanceof Unknown) return list;
  const out: Array<Maybe<string>> = [];
  for (const item of list ?? []) {
    const value = asString(item);
    if (value !== undefined) out.push(value);
  }
  return out;
}

/** `[{policyArn}]` from a Config item. */
export function attachedPolicyArnsFromConfig(raw: unknown): Maybe<Array<Maybe<string>>> {
  const list = asArray(raw);
  if (list instanceof Unknown) return list;
  const out: Array<Maybe<string>> = [];
  for (const item of list ?? []) {
    const arn = asString(get(item, 'policyArn'));
    if (arn !== undefined) out.push(arn);
  }
  return out;
}

/** Logical ids of the template's policy resources that attach themselves to `logicalId`. */
export function policyResourcesAttachedTo(
  scope: TemplateScope,
  property: string,
  logicalId: string,
): string[] {
  return [
    ...scope.referencing('AWS::IAM::Policy', property, logicalId),
    ...scope.referencing('AWS::IAM::ManagedPolicy', property, logicalId),
  ].map((r) => r.logicalId);
}

/**
 * Templates: a trust policy whose `Principal.AWS` names the deploying account
 * (`!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root`) or a role of the same template
 * (`!GetAtt Role.Arn`) is certainly not cross-account. Those elements become OWN_ACCOUNT_PRINCIPAL
 * before parsing, so one of them does not turn the whole principal list into Unknown.
 */
export function withOwnAccountPrincipals(raw: unknown): unknown {
  const statements = get(raw, 'Statement');
  if (statements === undefined || statements instanceof Unknown) return raw;
  const list = Array.isArray(statements) ? statements : [statements];
  const rewritten = list.map((statement) => {
    const aws = get(statement, 'Principal', 'AWS');
    if (aws === undefined || (aws instanceof Unknown && !isOwnAccountPrincipal(aws))) return statement;
    const items = Array.isArray(aws) ? aws : [aws];
    if (!items.some((item) => item instanceof Unknown && isOwnAccountPrincipal(item))) return statement;
    const principal = get(statement, 'Principal') as Record<string, unknown>;
    return {
      ...(statement as Record<string, unknown>),
      Principal: {
        ...principal,
        AWS: items.map((item) =>
          item instanceof Unknown && isOwnAccountPrincipal(item) ? OWN_ACCOUNT_PRINCIPAL : item,
        ),
      },
    };
  });
  return { ...(raw as Record<string, unknown>), Statement: rewritten };
}
