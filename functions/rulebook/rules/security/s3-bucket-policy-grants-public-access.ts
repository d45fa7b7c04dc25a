import { callEvidence, skipFailedCall, text, who } from '../../activity-rule-support';
import type { ActivityEvent } from '../../model/activity-event';
import { fail, notApplicable, unknown } from '../../model/evaluation';
import { isAnonymousPrincipal, type PolicyStatement, parsePolicyDocument } from '../../model/policy-document';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

/**
 * Condition keys that pin a `"Principal": "*"` statement to known callers, after the keys S3 itself
 * treats as making a policy non-public (S3 user guide, "The meaning of 'public'").
 */
const RESTRICTING_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceip',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:userid',
]);
const WRITE_ACTION = /^(\*|s3:\*|s3:put.*|s3:delete.*|s3:restore.*|s3:replicate.*)$/i;

export default defineRule({
  id: 's3-bucket-policy-grants-public-access',
  title: 'Bucket policies do not grant access to everyone',
  pillar: 'security',
  severity: 'high',
  maxSeverity: 'critical',
  appliesTo: { kind: 'activity', eventNames: ['PutBucketPolicy'], eventSources: ['s3.amazonaws.com'] },
  source: {
    seed: '000',
    section: 'Security References / 2. Data Protection (least privilege bucket policies)',
  },
  rationale:
    'A bucket policy statement that allows "Principal": "*" without a condition pinning the caller lets anyone on ' +
    'the internet use the granted actions on the bucket: the most common way data leaks from S3.',
  recommendation:
    'Remove the public statement or restrict it with aws:SourceArn / aws:PrincipalOrgID / aws:SourceVpce; serve ' +
    'public files through CloudFront with origin access control, and keep Block Public Access on.',
  expectedImpact: 'Objects in the bucket are reachable only by the principals that need them.',
  references: {
    securityHub: ['S3.2', 'S3.3'],
    configRules: ['S3_BUCKET_PUBLIC_READ_PROHIBITED', 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED'],
  },
  remediation: 's3-put-public-access-block',
  evaluate(event: ActivityEvent) {
    const skipped = skipFailedCall(event);
    if (skipped) return skipped;
    const bucket = text(event.requestParameters, 'bucketName') ?? 'unknown';
    // CloudTrail logs the policy parsed (`bucketPolicy`); older records may carry it as a string.
    const policy = parsePolicyDocument(
      event.requestParameters.bucketPolicy ?? event.requestParameters.policy,
    );
    if (policy === undefined) return notApplicable('the request carries no bucket policy');
    if (policy instanceof Unknown)
      return unknown(`the new policy of bucket ${bucket} cannot be read`, policy);
    const publicStatements: PolicyStatement[] = [];
    let hidden: Unknown | undefined;
    for (const statement of policy.statements) {
      const open = isPublicStatement(statement);
      if (open instanceof Unknown) hidden ??= open;
      else if (open) publicStatements.push(statement);
    }
    if (publicStatements.length === 0) {
      return hidden
        ? unknown(`part of the new policy of bucket ${bucket} cannot be read`, hidden)
        : notApplicable('no statement grants access to everyone');
    }
    const actions = publicStatements.flatMap((s) => (Array.isArray(s.actions) ? s.actions : ['(unknown)']));
    const write = actions.some((a) => WRITE_ACTION.test(a));
    return fail(
      `The ${who(event)} put a policy on bucket ${bucket} that lets anyone ${write ? 'write to or read' : 'read'} it (${actions.join(', ')})`,
      callEvidence(event, {
        bucketName: bucket,
        publicStatementSids: publicStatements.map((s) => s.sid ?? null),
        publicActions: actions,
      }),
      {
        severity: write ? 'critical' : 'high',
        resource: { type: 'AWS::S3::Bucket', id: bucket, name: bucket, arn: `arn:aws:s3:::${bucket}` },
      },
    );
  },
});

function isPublicStatement(statement: PolicyStatement): boolean | Unknown {
  if (statement.effect instanceof Unknown) return statement.effect;
  if (statement.effect !== 'Allow') return false;
  const anonymous = isAnonymousPrincipal(statement.principal);
  if (anonymous !== true) return anonymous;
  const condition = statement.condition;
  if (condition instanceof Unknown) return condition;
  if (!condition) return true;
  for (const operator of Object.values(condition)) {
    if (typeof operator !== 'object' || operator === null) continue;
    for (const key of Object.keys(operator)) if (RESTRICTING_KEYS.has(key.toLowerCase())) return false;
  }
  return true;
}
