import { hash } from 'node:crypto';
import type { Finding } from '../rulebook/model/finding';

/**
 * Hash of what a person would see in a notification (severity, title, message, evidence). A change
 * is worth a new post; the same finding recorded again is `unchanged`. Key order of the evidence does
 * not matter.
 */
export function fingerprintOf(finding: Finding): string {
  // One-shot hash of the joined text (the same bytes as updating with each part in turn): several
  // times cheaper than a Hash object per finding, and every recorded finding gets one.
  const text = `${finding.severity}\0${finding.title}\0${finding.message}\0${stableStringify(finding.evidence)}`;
  return hash('sha256', text, 'hex').slice(0, 16);
}

export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const record = value as Record<string, unknown>;
  if (typeof (record as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(record);
  return `{${Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(record[k])}`)
    .join(',')}}`;
}

/**
 * The remediation execution name for a finding: finding id + fingerprint + when it was (re)opened.
 * Step Functions refuses a second execution with the same name (ExecutionAlreadyExists, names are
 * reserved for 90 days), so a redelivered event cannot start a second remediation, while a finding
 * that changed or reopened gets a new one. At most 80 characters of `[A-Za-z0-9-_]`.
 */
export function remediationExecutionName(finding: {
  id: string;
  fingerprint: string;
  openedAt?: string;
}): string {
  const opened = finding.openedAt ? `-${Date.parse(finding.openedAt).toString(36)}` : '';
  return `${finding.id}-${finding.fingerprint}${opened}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
}

/**
 * The remediation execution name for one fix of one resource covering `findings` (the group's lead
 * first; see remediation-groups.ts). One finding: `remediationExecutionName`, unchanged, so a
 * redelivery across a deployment still finds the execution a single finding started. Several: the
 * lead's id, a hash of every member's id and fingerprint, and the latest (re)opening among them:
 * the same group recorded again (a redelivered or replayed event) gets the same name, while a member
 * that changes, reopens, joins or leaves makes a new one. Same shape and limits as
 * `remediationExecutionName` (`<24 hex>-<16 hex>-<base 36>`).
 */
export function remediationGroupExecutionName(
  findings: readonly { id: string; fingerprint: string; openedAt?: string }[],
): string {
  const [lead] = findings;
  if (!lead) throw new Error('a remediation group has at least one finding');
  if (findings.length === 1) return remediationExecutionName(lead);
  const members = findings
    .map((f) => `${f.id}:${f.fingerprint}`)
    .sort()
    .join('|');
  let opened = Number.NEGATIVE_INFINITY;
  for (const f of findings) if (f.openedAt) opened = Math.max(opened, Date.parse(f.openedAt));
  const suffix = Number.isFinite(opened) ? `-${opened.toString(36)}` : '';
  return `${lead.id}-${hash('sha256', members, 'hex').slice(0, 16)}${suffix}`
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .slice(0, 80);
}

/**
 * The short approval id Slack buttons carry (never the task token): derived from the remediation
 * execution and the finding, so a retried RequestApproval reuses it.
 */
export function approvalIdFor(executionId: string, findingId: string): string {
  return hash('sha256', `${executionId}|${findingId}`, 'base64url').slice(0, 12);
}
