/**
 * Finds literal secrets in a template resource's (resolved) properties: a property whose name looks
 * like a password, secret, token or key and whose value is a plain string. Values already replaced by
 * `Unknown` (parameters, `!Ref`, `!GetAtt`, `!Sub` with unknown parts) are never reported: a
 * parameter may be `NoEcho` and its value is not in the template. Dynamic references
 * (`{{resolve:secretsmanager:...}}`, `{{resolve:ssm-secure:...}}`) are the recommended form and pass.
 *
 * Cheap by design (called for every template resource): one walk, regexes built once.
 */
const SECRET_NAME = /passw(?:or)?d|secret|token|api[-_]?key|private[-_]?key|credential/i;
/** Names that match SECRET_NAME but point to a secret or describe it, rather than hold it. */
const NOT_A_VALUE =
  /(?:arn|arns|id|ids|name|names|type|validity|units|length|enabled|rotation|policy|version|stage|uri|url|path|parameter|location|source|config|configuration)$/i;
const EXACT_EXCLUSIONS = new Set(['HttpTokens', 'EnableTokenRevocation']);
/**
 * Objects that are policy language or describe a secret to generate, not values:
 * `GenerateSecretString.SecretStringTemplate` is the non-secret part (e.g. the user name) that Secrets
 * Manager merges with the password it generates.
 */
const SKIP_KEYS = new Set([
  'Tags',
  'PolicyDocument',
  'AssumeRolePolicyDocument',
  'KeyPolicy',
  'GenerateSecretString',
]);
const BOOLEAN_TEXT = /^(?:true|false)$/i;
const MAX_DEPTH = 12;

export function findPlaintextSecrets(properties: Record<string, unknown>): string[] {
  const out: string[] = [];
  walk(properties, '', 0, out);
  return out;
}

function walk(value: unknown, path: string, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walk(value[i], `${path}[${i}]`, depth + 1, out);
    return;
  }
  // Unknown (and its subclasses) are class instances: never walked, never reported.
  if (Object.getPrototypeOf(value) !== Object.prototype) return;
  for (const key of Object.keys(value)) {
    if (SKIP_KEYS.has(key)) continue;
    const child = (value as Record<string, unknown>)[key];
    const childPath = path === '' ? key : `${path}.${key}`;
    if (typeof child === 'string') {
      if (looksLikeSecretName(key) && isLiteralSecret(child)) out.push(childPath);
    } else if (child !== null && typeof child === 'object') {
      walk(child, childPath, depth + 1, out);
    }
  }
}

export function looksLikeSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_A_VALUE.test(name) && !EXACT_EXCLUSIONS.has(name);
}

/** A literal string that could be a secret: not empty, not a boolean, not an ARN, not a dynamic reference. */
export function isLiteralSecret(value: string): boolean {
  if (value.trim() === '' || BOOLEAN_TEXT.test(value)) return false;
  if (value.startsWith('arn:')) return false;
  return !value.includes('{{resolve:');
}
