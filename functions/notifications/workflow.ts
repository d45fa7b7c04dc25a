import { coveredFinding } from '../ports/approval-store';
import type {
  ApprovalRequest,
  ApprovalState,
  ApprovalView,
  FindingNotification,
  RemediationOutcome,
  ReportPublished,
} from '../ports/notifier';
import type { PlannedCall } from '../ports/remediation-executor';
import { SEVERITIES } from '../rulebook/model/severity';
import { getRemediation } from '../rulebook/remediations/index';

/**
 * Pure adapters from the workflow's messages (approval request, remediation outcome) to the one
 * notification model every channel renders, so an approval card or an outcome lands in the finding's
 * own thread like any other change.
 */

/** The calls of a stored plan: a `RemediationPlan` (`{ calls }`) or a bare `PlannedCall[]`. */
export function planCalls(plan: unknown): PlannedCall[] {
  if (Array.isArray(plan)) return plan as PlannedCall[];
  const calls = (plan as { calls?: unknown } | undefined)?.calls;
  return Array.isArray(calls) ? (calls as PlannedCall[]) : [];
}

function baseView(remediationId: string, approvalId: string, plan: unknown): Omit<ApprovalView, 'state'> {
  const remediation = getRemediation(remediationId);
  return {
    approvalId,
    remediationId,
    title: remediation?.title ?? remediationId,
    destructive: remediation?.destructive ?? false,
    ...(remediation?.irreversibleNote ? { irreversibleNote: remediation.irreversibleNote } : {}),
    plan: planCalls(plan),
  };
}

export function approvalRequestNotification(request: ApprovalRequest): FindingNotification {
  return {
    kind: 'changed',
    finding: request.finding,
    approvalId: request.approvalId,
    approval: {
      ...baseView(request.plan.remediationId, request.approvalId, request.plan),
      ...(request.covers?.length ? { covers: request.covers.map(coveredFinding) } : {}),
      expiresAt: request.expiresAt,
      state: 'pending',
    },
  };
}

export function outcomeState(outcome: RemediationOutcome): ApprovalState {
  if (outcome.status !== 'remediated') return outcome.status;
  if (!outcome.verification) return 'remediated';
  return outcome.verification.status === 'pass' ? 'verified' : 'verification-failed';
}

export function outcomeNotification(outcome: RemediationOutcome): FindingNotification {
  const remediationId = outcome.plan?.remediationId ?? outcome.finding.remediation ?? 'remediation';
  const pending = outcome.pendingApproval;
  const text =
    outcome.verification?.message ??
    (pending ? pendingApprovalText(pending) : undefined) ??
    (outcome.error
      ? `${outcome.error.Error}${outcome.error.Cause ? `: ${outcome.error.Cause}` : ''}`
      : undefined);
  return {
    kind: 'changed',
    finding: outcome.finding,
    ...(outcome.approvalId ? { approvalId: outcome.approvalId } : {}),
    approval: {
      ...baseView(remediationId, outcome.approvalId ?? 'none', outcome.plan),
      ...(outcome.covers?.length ? { covers: outcome.covers } : {}),
      state: outcomeState(outcome),
      ...(text ? { outcome: text.slice(0, 500) } : {}),
    },
  };
}

/** Where the decision is made instead of a second request: the pending approval's id and expiry. */
export function pendingApprovalText(pending: { approvalId: string; expiresAt: string }): string {
  return `decide on approval ${pending.approvalId} (pending until ${pending.expiresAt})`;
}

/** "valid until 2026-11-23 05:12 UTC" for a link that expires (presigned), or nothing. */
export function linkValidity(report: ReportPublished): string {
  if (report.linkTemporary) return 'temporary: it stops working within hours';
  if (!report.linkExpiresAt) return '';
  const at = new Date(report.linkExpiresAt);
  if (Number.isNaN(at.getTime())) return '';
  return `valid until ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** One line per severity with open findings, most severe first. */
export function reportCounts(report: ReportPublished): string {
  const parts = SEVERITIES.filter((s) => (report.openBySeverity[s] ?? 0) > 0).map(
    (s) => `${report.openBySeverity[s]} ${s}`,
  );
  return parts.length > 0 ? `Open findings: ${parts.join(', ')}` : 'No open findings';
}
