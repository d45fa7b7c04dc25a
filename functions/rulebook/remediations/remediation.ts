import { createHash } from 'node:crypto';
import type { PlannedCall } from '../../ports/remediation-executor';
import { stableStringify } from '../../shared/fingerprint';
import * as z from '../../shared/zod';
import type { Finding } from '../model/finding';

/**
 * A remediation: a pure plan of API calls that fixes one finding, the IAM actions those calls need,
 * and a way to check the fix. The actions are declared in two lists because two member-account roles
 * get their union: `writeActions` (the `plan` calls, run by Remediate after a human approval) go to
 * the remediation role, `readActions` (the `prepare` and `verify` reads, run by Plan before any
 * approval and by Verify) to the read-only remediation read role. `recheckActions` (reads Remediate
 * repeats right before a write built from them) go to the remediation role as well.
 * Modules here never import an SDK: execution sits behind the `RemediationExecutor` port.
 */

/** Settings a plan may use beyond the finding: configured defaults, and outputs of `prepare` reads. */
export interface RemediationParams {
  /** Outputs of the `prepare` calls, in order (an allowed error shows as `{ $error: name }`). */
  prepared?: readonly unknown[];
  /** Default values for mandatory tags (`tags-add-mandatory`). */
  tagDefaults?: Readonly<Record<string, string>>;
  /** KMS key for default bucket encryption; SSE-S3 (AES256) when absent. */
  kmsKeyId?: string;
  /** Used in descriptions and tags so a change can be traced to its approval. */
  approvalId?: string;
}

export interface VerifyResult {
  ok: boolean;
  message: string;
}

export interface RemediationVerify {
  /** The read-only calls that show the resource's state after the fix. */
  read(finding: Finding, params: RemediationParams): PlannedCall[];
  /** Pure check on the outputs of `read` (same order). */
  check(outputs: readonly unknown[], finding: Finding, params: RemediationParams): VerifyResult;
}

export interface RemediationDefinition {
  /** Stable kebab-case id = file name; rules reference it in `remediation`. */
  id: string;
  title: string;
  /** Deletes or releases something: the approval card says so. */
  destructive: boolean;
  /** Shown in the plan when part of the change cannot be undone. */
  irreversibleNote?: string;
  /**
   * Every IAM action the `plan` calls can use, plus any a call needs on the caller's behalf (e.g.
   * `iam:CreateServiceLinkedRole`): the write role of the member accounts, used only by Remediate.
   */
  writeActions: readonly string[];
  /**
   * Every IAM action the `prepare` and `verify.read` calls can use; each a Get / List / Describe
   * action: the read-only role of the member accounts, used by Plan (before approval) and Verify.
   */
  readActions: readonly string[];
  /**
   * The reads a write's `precondition` repeats (each also in `readActions`): Remediate runs them with
   * the remediation (write) role right before writing, to refuse a stale plan, so that role gets them too.
   */
  recheckActions?: readonly string[];
  /**
   * Per write operation (`UpdateTrail`), the exact input the plan produces: the executor refuses any
   * other input. Required for operations whose parameters IAM cannot restrict
   * (`PARAMETER_UNRESTRICTED_ACTIONS` in the catalog index), where the role alone would let a forged
   * plan change anything else about the resource (e.g. UpdateTrail's bucket or KMS key).
   */
  writeInputs?: Readonly<Record<string, z.ZodMiniType>>;
  /**
   * Per write operation whose input carries the resource's current state along (a whole bucket
   * policy or tag set, which no `writeInputs` schema can know): whether `input` is what `plan` makes
   * of `current`, the output of the write's precondition `read`, which the executor repeats right
   * before writing. The executor refuses such a write without a precondition, and any input that is
   * not the plan's (e.g. a forged plan slipping another policy statement in with the fix).
   */
  writeMatchesRead?: Readonly<Record<string, WriteMatchesRead>>;
  /** Evidence keys the plan reads (documented in the module docblock). */
  evidenceKeys: readonly string[];
  /** Read calls whose outputs the plan needs (e.g. the current bucket policy), run before `plan`. */
  prepare?(finding: Finding, params: RemediationParams): PlannedCall[];
  /** The exact calls that fix the finding. Throws `RemediationPlanError` when evidence is missing. */
  plan(finding: Finding, params: RemediationParams): PlannedCall[];
  verify: RemediationVerify;
}

export type WriteMatchesRead = (
  input: Readonly<Record<string, unknown>>,
  read: Omit<PlannedCall, 'precondition'>,
  current: unknown,
) => boolean;

export type Remediation = Readonly<RemediationDefinition>;

export function defineRemediation(definition: RemediationDefinition): Remediation {
  return Object.freeze({
    ...definition,
    writeActions: Object.freeze([...definition.writeActions]),
    readActions: Object.freeze([...definition.readActions]),
    recheckActions: Object.freeze([...(definition.recheckActions ?? [])]),
  });
}

/** A non-empty string, for `writeInputs` shapes (an identifier the plan takes from the finding). */
export const nonEmptyString = (): z.ZodMiniString<string> => z.string().check(z.minLength(1));

/** sha256 (hex) of a read's output, key order ignored: what a write's `precondition` compares. */
export function readFingerprint(output: unknown): string {
  return createHash('sha256').update(stableStringify(output)).digest('hex');
}

/**
 * `write` guarded by `read`: the executor repeats `read` right before writing and refuses the plan
 * if its output no longer has the fingerprint of `output` (what `read` returned at plan time).
 */
export function withPrecondition(write: PlannedCall, read: PlannedCall, output: unknown): PlannedCall {
  const { precondition: _none, ...plain } = read;
  return { ...write, precondition: { read: plain, sha256: readFingerprint(output) } };
}

/** A plan cannot be made: evidence missing or of the wrong shape, or the resource type is not supported. */
export class RemediationPlanError extends Error {
  override readonly name = 'RemediationPlanError';
  readonly remediationId: string;
  readonly missing: string[];
  constructor(remediationId: string, message: string, missing: string[] = []) {
    super(`${remediationId}: ${message}`);
    this.remediationId = remediationId;
    this.missing = missing;
  }
}

/** Shape of an allowed error returned by the executor in place of an output. */
export interface CallError {
  $error: string;
}

export function isCallError(value: unknown): value is CallError {
  return typeof value === 'object' && value !== null && typeof (value as CallError).$error === 'string';
}

/** Reads a non-empty string from the evidence, else from the resource ref fields named, in order. */
export function evidenceString(
  remediationId: string,
  finding: Finding,
  key: string,
  fallbacks: ReadonlyArray<'id' | 'name' | 'arn'> = [],
): string {
  const value = finding.evidence?.[key];
  if (typeof value === 'string' && value.length > 0) return value;
  for (const field of fallbacks) {
    const candidate = finding.resource[field];
    if (typeof candidate === 'string' && candidate.length > 0) return candidate;
  }
  throw new RemediationPlanError(remediationId, `evidence key "${key}" is missing or not a string`, [key]);
}

export function optionalString(finding: Finding, key: string): string | undefined {
  const value = finding.evidence?.[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function evidenceStringArray(remediationId: string, finding: Finding, key: string): string[] {
  const value = finding.evidence?.[key];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v.length > 0)) {
    return value as string[];
  }
  throw new RemediationPlanError(remediationId, `evidence key "${key}" must be a non-empty list of strings`, [
    key,
  ]);
}

export function optionalStringArray(finding: Finding, key: string): string[] | undefined {
  const value = finding.evidence?.[key];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v.length > 0)) {
    return value as string[];
  }
  return undefined;
}

export function requireRegion(remediationId: string, finding: Finding): string {
  const region = finding.resource.region;
  if (typeof region === 'string' && /^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) return region;
  throw new RemediationPlanError(remediationId, 'the finding has no AWS region', ['resource.region']);
}

/** Reads a path from an SDK output object without trusting its shape. */
export function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function ok(message: string): VerifyResult {
  return { ok: true, message };
}

export function notFixed(message: string): VerifyResult {
  return { ok: false, message };
}

/** Renders a plan as one line per call, for approval cards and the terminal. */
export function describeCall(call: PlannedCall): string {
  return `${call.service}.${call.operation}(${JSON.stringify(call.input)})`;
}
