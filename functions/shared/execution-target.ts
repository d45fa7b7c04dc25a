/**
 * What a remediation target may look like before anything is built from it: the account id goes
 * into the assumed role's ARN (`arn:aws:iam::<accountId>:role/…`) and the region into the SDK
 * clients' endpoints, so both are checked against AWS's formats, never trusted as given.
 */

/** An AWS account id: exactly 12 digits. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/**
 * An AWS region name (`us-east-1`, `us-gov-west-1`, `cn-north-1`, `eu-isoe-west-1`), or `global`,
 * the region AWS Config gives global (IAM) resources.
 */
export const REGION_PATTERN = /^(?:[a-z]{2}(?:-[a-z]+)+-\d{1,2}|global)$/;

export const TARGET_FIELD_RULES = {
  accountId: { pattern: ACCOUNT_ID_PATTERN, message: 'must be a 12-digit AWS account id' },
  region: { pattern: REGION_PATTERN, message: 'must be an AWS region name such as eu-west-1 (or global)' },
} as const;

/** A remediation target whose account id or region is malformed: nothing is assumed or called. */
export class InvalidExecutionTargetError extends Error {
  override readonly name = 'InvalidExecutionTargetError';
}

/**
 * The first malformed field of `target`, as `<field> <what is wrong>, got <value>`; undefined when
 * both are well formed.
 */
export function invalidTargetField(target: { accountId?: unknown; region?: unknown }): string | undefined {
  for (const field of ['accountId', 'region'] as const) {
    const value = target[field];
    const rule = TARGET_FIELD_RULES[field];
    if (typeof value !== 'string' || !rule.pattern.test(value)) {
      return `${field} ${rule.message}, got ${JSON.stringify(value)?.slice(0, 80) ?? 'nothing'}`;
    }
  }
  return undefined;
}

/** Throws `InvalidExecutionTargetError` naming the bad field, before a role ARN is built from it. */
export function assertExecutionTarget(target: { accountId?: unknown; region?: unknown }): void {
  const bad = invalidTargetField(target);
  if (bad) throw new InvalidExecutionTargetError(`remediation target: ${bad}`);
}
