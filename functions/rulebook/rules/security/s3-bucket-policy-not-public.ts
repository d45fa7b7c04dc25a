import { fail, pass, unknown } from '../../model/evaluation';
import { isAnonymousPrincipal, type PolicyStatement } from '../../model/policy-document';
import type { S3Bucket } from '../../model/resources/s3-bucket';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

/**
 * Condition keys that pin a grant to the caller's network, organization, account or source
 * resource. With fixed values (no wildcard) such a statement is not public: the same keys S3's
 * own "is this policy public?" evaluation accepts (S3 user guide, "The meaning of public").
 */
const RESTRICTING_KEYS = new Set([
  'aws:sourcevpce',
  'aws:sourcevpc',
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourceip',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:userid',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
]);

const OPEN_CIDRS = new Set(['0.0.0.0/0', '::/0']);

const WRITE_PREFIXES = ['s3:put', 's3:delete', 's3:restore', 's3:replicate', 's3:abort', 's3:*', '*'];

export default defineRule({
  id: 's3-bucket-policy-not-public',
  title: 'S3 bucket policies do not grant access to everyone',
  pillar: 'security',
  severity: 'critical',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::S3::Bucket'] },
  source: {
    seed: '000',
    section: 'Security References / 2. Data Protection (least privilege bucket policies)',
  },
  rationale:
    'An Allow statement for Principal "*" (or {"AWS": "*"}) without a condition that pins the caller to a ' +
    'VPC endpoint, an organization, an account or a source resource lets anyone on the internet use the ' +
    'granted actions. Unless Block Public Access (RestrictPublicBuckets, here or at account level) neutralises ' +
    'it, the objects are public.',
  recommendation:
    'Remove the public statement, or restrict it with a condition on aws:SourceVpce, aws:PrincipalOrgID or ' +
    'aws:SourceArn (for example for CloudFront origin access control); keep Block Public Access on.',
  expectedImpact: 'Nobody outside the intended network, organization or service can read or change the data.',
  references: {
    securityHub: ['S3.2', 'S3.3'],
    configRules: ['S3_BUCKET_PUBLIC_READ_PROHIBITED', 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED'],
  },
  remediation: 's3-put-public-access-block',
  evaluate(bucket: S3Bucket) {
    const policy = bucket.policy;
    if (policy === undefined) return pass('The bucket has no bucket policy');
    if (policy instanceof Unknown) return unknown('The bucket policy cannot be read', policy);
    let hidden: { index: number; cause: Unknown } | undefined;
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i]!;
      const verdict = isPublicGrant(statement);
      if (verdict instanceof Unknown) {
        hidden ??= { index: i, cause: verdict };
        continue;
      }
      if (!verdict) continue;
      const actions = statement.actions instanceof Unknown ? [] : statement.actions;
      const label = statement.sid ? `statement "${statement.sid}"` : `statement ${i + 1}`;
      const writes = actions.some((a) => {
        const lower = a.toLowerCase();
        return WRITE_PREFIXES.some((prefix) => lower.startsWith(prefix));
      });
      const evidence = {
        statement: statement.sid ?? i + 1,
        actions,
        access: writes ? 'read-write' : 'read',
        restrictPublicBuckets: restrictFlag(bucket),
      };
      const restricted = bucket.publicAccessBlock instanceof Unknown ? undefined : bucket.publicAccessBlock;
      if (restricted?.restrictPublicBuckets === true) {
        return fail(
          `Bucket policy ${label} allows ${actions.join(', ') || 'actions'} to everyone; RestrictPublicBuckets ` +
            'blocks it today, but turning that setting off makes the bucket public',
          evidence,
          { severity: 'medium' },
        );
      }
      return fail(
        `Bucket policy ${label} allows ${actions.join(', ') || 'actions'} to everyone (Principal "*") ` +
          'without a restricting condition',
        evidence,
      );
    }
    if (hidden) {
      return unknown(
        `Bucket policy statement ${hidden.index + 1} is partly set at deploy time`,
        hidden.cause,
      );
    }
    return pass('No bucket policy statement grants access to everyone without a restricting condition');
  },
});

function restrictFlag(bucket: S3Bucket): boolean | string {
  const pab = bucket.publicAccessBlock;
  if (pab instanceof Unknown) return 'unknown';
  const flag = pab.restrictPublicBuckets;
  return flag instanceof Unknown ? 'unknown' : flag;
}

/** true: an Allow to everyone without a restricting condition; Unknown when a part is hidden. */
function isPublicGrant(statement: PolicyStatement): boolean | Unknown {
  if (statement.effect instanceof Unknown) return statement.effect;
  if (statement.effect !== 'Allow') return false;
  // Allow with NotPrincipal grants everyone except the listed principals.
  const notPrincipal = statement.notPrincipal;
  const anonymous =
    notPrincipal === undefined
      ? isAnonymousPrincipal(statement.principal)
      : notPrincipal instanceof Unknown
        ? notPrincipal
        : true;
  if (anonymous instanceof Unknown) return anonymous;
  if (!anonymous) return false;
  const condition = statement.condition;
  if (condition === undefined) return true;
  if (condition instanceof Unknown) return condition;
  const restricted = hasRestrictingCondition(condition);
  return restricted instanceof Unknown ? restricted : !restricted;
}

/** true when a condition pins the caller; Unknown when a wildcard-capable value is hidden. */
function hasRestrictingCondition(condition: Record<string, Record<string, unknown>>): boolean | Unknown {
  let hidden: Unknown | undefined;
  for (const operator in condition) {
    const lowerOperator = operator.toLowerCase();
    // Negated operators and ...IfExists match callers that do not carry the key at all.
    if (lowerOperator.includes('not') || lowerOperator.endsWith('ifexists')) continue;
    const block = condition[operator];
    if (typeof block !== 'object' || block === null) continue;
    const wildcards = lowerOperator.endsWith('like');
    for (const key in block) {
      const lowerKey = key.toLowerCase();
      if (!RESTRICTING_KEYS.has(lowerKey)) continue;
      const fixed = fixedValues(block[key], lowerKey === 'aws:sourceip', wildcards);
      if (fixed === true) return true;
      if (fixed instanceof Unknown) hidden ??= fixed;
    }
  }
  return hidden ?? false;
}

/**
 * Values that name specific callers. A value known only at deploy (`!Ref VpcEndpoint`,
 * `!GetAtt Distribution.Arn`) is one fixed value for the ...Equals operators; for ...Like
 * operators it could be a wildcard, so it is Unknown.
 */
function fixedValues(value: unknown, isIp: boolean, wildcards: boolean): boolean | Unknown {
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) return false;
  let hidden: Unknown | undefined;
  for (const v of values) {
    if (v instanceof Unknown) {
      if (wildcards || isIp) hidden ??= v;
      continue;
    }
    if (typeof v !== 'string' || (wildcards && (v.includes('*') || v.includes('?')))) return false;
    if (isIp && OPEN_CIDRS.has(v)) return false;
  }
  return hidden ?? true;
}
