import { type Maybe, Unknown } from './unknown';

/**
 * An IAM-style policy document (identity policy, bucket policy, trust policy, topic/queue policy),
 * normalized so every list field is an array. Documents in Config items are often URL-encoded JSON
 * strings; templates carry objects whose leaves may be intrinsics (then the leaf is `Unknown`).
 */
export interface PolicyStatement {
  sid?: string;
  effect: Maybe<'Allow' | 'Deny'>;
  actions: Maybe<string[]>;
  notActions: Maybe<string[]>;
  resources: Maybe<string[]>;
  notResources: Maybe<string[]>;
  /** `*` for the anonymous principal; otherwise the principal map with array values. */
  principal: Maybe<'*' | Record<string, Maybe<string[]>>> | undefined;
  notPrincipal: Maybe<'*' | Record<string, Maybe<string[]>>> | undefined;
  condition: Maybe<Record<string, Record<string, unknown>>> | undefined;
}

export interface PolicyDocument {
  statements: PolicyStatement[];
}

/**
 * Parses a policy document from an object, a JSON string or a URL-encoded JSON string.
 * Values already replaced by `Unknown` (unresolvable intrinsics) are kept as `Unknown`.
 * Returns `Unknown` when the document cannot be read at all.
 */
export function parsePolicyDocument(raw: unknown): Maybe<PolicyDocument> | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (raw instanceof Unknown) return raw;
  let doc: unknown = raw;
  if (typeof raw === 'string') {
    const parsed = parseJsonOrUrlEncoded(raw);
    if (parsed === undefined) return new Unknown('policy document is not valid JSON');
    doc = parsed;
  }
  if (typeof doc !== 'object' || doc === null) return new Unknown('policy document is not an object');
  const statementRaw = (doc as Record<string, unknown>).Statement;
  if (statementRaw instanceof Unknown) return statementRaw;
  const list = statementRaw === undefined ? [] : Array.isArray(statementRaw) ? statementRaw : [statementRaw];
  return { statements: list.map(toStatement) };
}

function parseJsonOrUrlEncoded(text: string): unknown {
  const attempts = [text];
  if (text.includes('%')) {
    try {
      // Config items carry URL-encoded documents ("%7B..."): try the decoded form first, because a
      // failed JSON.parse (an exception) costs several times a successful one.
      const decoded = decodeURIComponent(text);
      if (text.trimStart().startsWith('%')) attempts.unshift(decoded);
      else attempts.push(decoded);
    } catch {
      // not URL-encoded after all
    }
  }
  for (const candidate of attempts) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function toStatement(raw: unknown): PolicyStatement {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const effect = s.Effect;
  return {
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect:
      effect instanceof Unknown ? effect : effect === 'Deny' ? 'Deny' : effect === 'Allow' ? 'Allow' : 'Deny',
    actions: toStringList(s.Action),
    notActions: toStringList(s.NotAction),
    resources: toStringList(s.Resource),
    notResources: toStringList(s.NotResource),
    principal: toPrincipal(s.Principal),
    notPrincipal: toPrincipal(s.NotPrincipal),
    condition: toCondition(s.Condition),
  };
}

/** A list of strings; any unknown element makes the whole list unknown (a wildcard could hide there). */
export function toStringList(value: unknown): Maybe<string[]> {
  if (value === undefined || value === null) return [];
  if (value instanceof Unknown) return value;
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of items) {
    if (item instanceof Unknown) return item;
    if (typeof item === 'string') out.push(item);
    else return new Unknown('a policy element is not a string');
  }
  return out;
}

function toPrincipal(value: unknown): PolicyStatement['principal'] {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unknown) return value;
  if (value === '*') return '*';
  if (typeof value !== 'object') return new Unknown('principal is not an object');
  const out: Record<string, Maybe<string[]>> = {};
  const principal = value as Record<string, unknown>;
  for (const key of Object.keys(principal)) out[key] = toStringList(principal[key]);
  return out;
}

function toCondition(value: unknown): PolicyStatement['condition'] {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unknown) return value;
  if (typeof value !== 'object') return new Unknown('condition is not an object');
  return value as Record<string, Record<string, unknown>>;
}

/** True when the principal grants to everyone: `"*"`, `{"AWS": "*"}` or `{"AWS": ["*"]}`. */
export function isAnonymousPrincipal(principal: PolicyStatement['principal']): Maybe<boolean> {
  if (principal === undefined) return false;
  if (principal instanceof Unknown) return principal;
  if (principal === '*') return true;
  const aws = principal.AWS;
  if (aws instanceof Unknown) return aws;
  return Array.isArray(aws) && aws.includes('*');
}

/** Matches IAM action patterns (`s3:*`, `*`, `s3:Get*`) against an action name, case-insensitively. */
export function actionMatches(pattern: string, action: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i').test(action);
}
