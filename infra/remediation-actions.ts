import {
  remediationReadActions as catalogReadActions,
  remediationRecheckActions as catalogRecheckActions,
  remediationWriteActions as catalogWriteActions,
} from '../functions/rulebook/remediations/index';

const EXACT = /^[a-z0-9-]+:[A-Za-z0-9]+$/;
const READ = /^[a-z0-9-]+:(Get|List|Describe)[A-Za-z0-9]*$/;

/**
 * The write actions the remediation catalog declares (`functions/rulebook/remediations/`): the
 * member-account remediation role, assumable only by the Remediate function, is granted exactly
 * these. Checked to be exact actions (no wildcard).
 */
export function remediationWriteActions(): string[] {
  return checked('remediationWriteActions', catalogWriteActions(), EXACT);
}

/**
 * Everything the member-account remediation (write) role is granted: the catalog's write actions plus
 * the reads Remediate repeats right before a write to refuse a stale plan (`recheckActions`, e.g.
 * `s3:GetBucketPolicy` before PutBucketPolicy). Checked to be exact actions, the reads exact Get /
 * List / Describe actions.
 */
export function remediationRoleActions(): string[] {
  return [
    ...new Set([
      ...remediationWriteActions(),
      ...checked('remediationRecheckActions', catalogRecheckActions(), READ),
    ]),
  ].sort();
}

/**
 * The read actions the remediation catalog declares for its `prepare` and `verify` reads: the
 * member-account remediation read role (Plan and Verify) is granted exactly these. Checked to be
 * exact Get / List / Describe actions, so a write can never slip into the read-only role.
 */
export function remediationReadActions(): string[] {
  return checked('remediationReadActions', catalogReadActions(), READ);
}

function checked(name: string, actions: readonly string[], shape: RegExp): string[] {
  const bad = actions.filter((a) => !shape.test(a));
  if (bad.length > 0)
    throw new Error(`${name}() must return exact IAM actions of the form ${shape}, got ${bad.join(', ')}`);
  return [...new Set(actions)].sort();
}
