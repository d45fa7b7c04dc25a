import { fail, pass, unknown } from '../../model/evaluation';
import { isAnonymousPrincipal, type PolicyStatement } from '../../model/policy-document';
import type { S3Bucket } from '../../model/resources/s3-bucket';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 's3-bucket-enforces-tls',
  title: 'S3 bucket policies deny requests that do not use TLS',
  pillar: 'security',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::S3::Bucket'] },
  source: { seed: '000', section: 'Security References / 2. Data Protection (encrypt all data in transit)' },
  rationale:
    'S3 accepts plain HTTP requests unless the bucket policy denies them. Without a Deny on ' +
    'aws:SecureTransport = false, a misconfigured client or SDK endpoint reads and writes the data unencrypted ' +
    'on the network.',
  recommendation:
    'Add a bucket policy statement: Effect Deny, Principal "*", Action "s3:*", Resource the bucket and ' +
    'bucket/*, Condition {"Bool": {"aws:SecureTransport": "false"}}.',
  expectedImpact: 'Every read and write of the bucket is encrypted in transit.',
  references: { securityHub: ['S3.5'], configRules: ['S3_BUCKET_SSL_REQUESTS_ONLY'] },
  remediation: 's3-add-tls-only-policy',
  evaluate(bucket: S3Bucket) {
    const policy = bucket.policy;
    if (policy === undefined) {
      return fail('The bucket has no bucket policy, so plain HTTP requests are not denied', {
        bucketPolicy: 'none',
      });
    }
    if (policy instanceof Unknown) return unknown('The bucket policy cannot be read', policy);
    let hidden: Unknown | undefined;
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i]!;
      const verdict = deniesInsecureTransport(statement);
      if (verdict === true) {
        return pass(
          `Bucket policy ${statement.sid ? `statement "${statement.sid}"` : `statement ${i + 1}`} denies requests without TLS`,
        );
      }
      if (verdict instanceof Unknown) hidden ??= verdict;
    }
    if (hidden)
      return unknown('A bucket policy statement that may deny plain HTTP is set at deploy time', hidden);
    return fail(
      'The bucket policy has no Deny statement for all S3 actions when aws:SecureTransport is false',
      { statements: statements.length },
    );
  },
});

/** Deny, everyone, all S3 actions, condition Bool aws:SecureTransport = false. */
function deniesInsecureTransport(statement: PolicyStatement): boolean | Unknown {
  if (statement.effect instanceof Unknown) return statement.effect;
  if (statement.effect !== 'Deny') return false;
  const condition = statement.condition;
  if (condition === undefined) return false;
  if (condition instanceof Unknown) return condition;
  if (!hasSecureTransportFalse(condition)) return false;
  const everyone = isAnonymousPrincipal(statement.principal);
  if (everyone instanceof Unknown) return everyone;
  if (!everyone) return false;
  const actions = statement.actions;
  if (actions instanceof Unknown) return actions;
  return actions.some((a) => a === '*' || a.toLowerCase() === 's3:*');
}

function hasSecureTransportFalse(condition: Record<string, Record<string, unknown>>): boolean {
  for (const operator in condition) {
    const lower = operator.toLowerCase();
    if (lower !== 'bool' && lower !== 'boolifexists') continue;
    const block = condition[operator];
    if (typeof block !== 'object' || block === null) continue;
    for (const key in block) {
      if (key.toLowerCase() !== 'aws:securetransport') continue;
      const value = block[key];
      const values = Array.isArray(value) ? value : [value];
      if (values.some((v) => v === false || (typeof v === 'string' && v.toLowerCase() === 'false')))
        return true;
    }
  }
  return false;
}
