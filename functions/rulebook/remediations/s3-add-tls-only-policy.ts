import type { PlannedCall } from '../../ports/remediation-executor';
import { stableStringify } from '../../shared/fingerprint';
import * as z from '../../shared/zod';
import {
  defineRemediation,
  evidenceString,
  field,
  isCallError,
  nonEmptyString,
  notFixed,
  ok,
  RemediationPlanError,
  withPrecondition,
} from './remediation';

/**
 * Adds a statement denying every S3 action over plain HTTP (`aws:SecureTransport` = false) to the
 * bucket policy, keeping every existing statement. Two steps: `prepare` reads the current policy
 * (none is fine), `plan` writes the merged policy. A policy that already has the statement is kept.
 * The write carries the read as its precondition: Remediate reads the policy again right before
 * writing and refuses (`StalePlanError`) if it changed since the plan, instead of overwriting
 * statements added meanwhile with the copy read at Plan time.
 * Evidence: `bucketName` (optional; falls back to the resource name, then id). `resource.arn` is
 * used for the partition when present.
 * `writeInputs`: IAM cannot restrict the policy PutBucketPolicy writes, so the executor accepts only
 * `Bucket` and a `Policy` whose JSON ends with exactly the statement `plan` adds for that bucket
 * (never `ConfirmRemoveSelfBucketAccess` or `ExpectedBucketOwner`). `writeMatchesRead`: the rest of
 * the policy must be the policy the precondition re-reads from the same bucket right before the
 * write, statement for statement, so a forged plan cannot slip another statement in with the fix.
 */
const ID = 's3-add-tls-only-policy';
const SID = 'DenyInsecureTransport';

interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: Array<Record<string, unknown>>;
}

function bucketArn(bucket: string, arn: string | undefined): string {
  const partition = arn?.startsWith('arn:') ? (arn.split(':')[1] ?? 'aws') : 'aws';
  return `arn:${partition}:s3:::${bucket}`;
}

export function tlsOnlyStatement(arn: string): Record<string, unknown> {
  return {
    Sid: SID,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [arn, `${arn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** `policy` is JSON whose last statement is exactly `tlsOnlyStatement` for `bucket` (any partition). */
function endsWithTlsOnlyStatement(bucket: unknown, policy: unknown): boolean {
  if (typeof bucket !== 'string' || typeof policy !== 'string') return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    return false;
  }
  const statements = field(parsed, 'Statement');
  if (!Array.isArray(statements)) return false;
  const last: unknown = statements.at(-1);
  const partition = /^arn:(aws(?:-[a-z]+)*):s3:::/.exec(String(field(last, 'Resource', '0')))?.[1];
  return (
    partition !== undefined &&
    stableStringify(last) === stableStringify(tlsOnlyStatement(`arn:${partition}:s3:::${bucket}`))
  );
}

function parsePolicy(raw: unknown): PolicyDocument | undefined {
  if (raw === undefined || isCallError(raw)) return undefined;
  const text = field(raw, 'Policy');
  if (typeof text !== 'string' || text.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RemediationPlanError(ID, 'the current bucket policy is not valid JSON');
  }
  const statements = field(parsed, 'Statement');
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return { ...(parsed as object), Statement: list as Array<Record<string, unknown>> };
}

function merged(current: PolicyDocument | undefined, statement: unknown): PolicyDocument {
  return current
    ? { ...current, Statement: [...current.Statement, statement as Record<string, unknown>] }
    : { Version: '2012-10-17', Statement: [statement as Record<string, unknown>] };
}

/**
 * `input` is what `plan` writes given `current` (the policy `read` returns from the same bucket): its
 * last statement (checked by the `writeInputs` schema) appended to `current`, which does not deny
 * plain HTTP yet.
 */
function isPlannedPolicy(
  input: Readonly<Record<string, unknown>>,
  read: Omit<PlannedCall, 'precondition'>,
  current: unknown,
): boolean {
  if (read.operation !== 'GetBucketPolicy' || read.input.Bucket !== input.Bucket) return false;
  try {
    const policy = parsePolicy(current);
    const written: unknown = JSON.parse(String(input.Policy));
    const statements = field(written, 'Statement');
    return (
      Array.isArray(statements) &&
      !policy?.Statement.some(deniesInsecureTransport) &&
      stableStringify(written) === stableStringify(merged(policy, statements.at(-1)))
    );
  } catch {
    return false;
  }
}

function deniesInsecureTransport(statement: Record<string, unknown>): boolean {
  if (statement.Effect !== 'Deny') return false;
  const value = field(statement, 'Condition', 'Bool', 'aws:SecureTransport');
  return value === 'false' || value === false || (Array.isArray(value) && value.includes('false'));
}

function readPolicy(bucket: string): PlannedCall {
  return {
    service: 'S3',
    operation: 'GetBucketPolicy',
    input: { Bucket: bucket },
    iamAction: 's3:GetBucketPolicy',
    allowErrors: ['NoSuchBucketPolicy'],
  };
}

export default defineRemediation({
  id: ID,
  title: 'Deny plain-HTTP access in the S3 bucket policy',
  destructive: false,
  writeActions: ['s3:PutBucketPolicy'],
  readActions: ['s3:GetBucketPolicy'],
  recheckActions: ['s3:GetBucketPolicy'],
  writeInputs: {
    PutBucketPolicy: z
      .strictObject({ Bucket: nonEmptyString(), Policy: z.string() })
      .check(z.refine((input) => endsWithTlsOnlyStatement(input.Bucket, input.Policy))),
  },
  writeMatchesRead: { PutBucketPolicy: isPlannedPolicy },
  evidenceKeys: ['bucketName'],
  prepare(finding) {
    return [readPolicy(evidenceString(ID, finding, 'bucketName', ['name', 'id']))];
  },
  plan(finding, params) {
    const bucket = evidenceString(ID, finding, 'bucketName', ['name', 'id']);
    if (!params.prepared) {
      throw new RemediationPlanError(ID, 'the current bucket policy must be read first (run prepare)', [
        'prepared',
      ]);
    }
    const current = parsePolicy(params.prepared[0]);
    if (current?.Statement.some(deniesInsecureTransport)) return [];
    const statement = tlsOnlyStatement(bucketArn(bucket, finding.resource.arn));
    return [
      withPrecondition(
        {
          service: 'S3',
          operation: 'PutBucketPolicy',
          input: { Bucket: bucket, Policy: JSON.stringify(merged(current, statement)) },
          iamAction: 's3:PutBucketPolicy',
        },
        readPolicy(bucket),
        params.prepared[0],
      ),
    ];
  },
  verify: {
    read(finding) {
      return [readPolicy(evidenceString(ID, finding, 'bucketName', ['name', 'id']))];
    },
    check([output]) {
      const policy = parsePolicy(output);
      return policy?.Statement.some(deniesInsecureTransport)
        ? ok('The bucket policy denies requests without TLS')
        : notFixed('The bucket policy has no statement denying aws:SecureTransport = false');
    },
  },
});
