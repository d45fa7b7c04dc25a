import type { Approval, ApprovalDecision } from '../ports/approval-store';
import type { LatestApproval } from '../ports/findings-store';

/**
 * Whose card a finding's message shows. A finding that changes while its fix waits for approval gets
 * a second remediation, whose request replaces the card (and its buttons) in the same message; the
 * first request then ends (expires, is rejected) and must not take the newer one's buttons away.
 * Pure: the callers read the finding and the approvals.
 */

/** The approval whose card the message shows, when it is not `own`; undefined when it is, or nobody knows. */
export function otherCardApproval(
  latest: LatestApproval | undefined,
  own: string | undefined,
): LatestApproval | undefined {
  return latest && latest.approvalId !== own ? latest : undefined;
}

/** Undecided and not past its expiry: its Approve button still works. */
export function isPending(approval: Pick<Approval, 'decision' | 'expiresAt'>, now: Date): boolean {
  return !approval.decision && Date.parse(approval.expiresAt) > now.getTime();
}

/**
 * How the remediation run ended: whether it requested an approval. Rejected, expired and cancelled
 * (the resource was deleted) come from the request; `approved` and a `failed` fix carry the approval
 * result; `disabled`, `unneeded` (an empty plan), `alreadyRequested` (another run's request awaits
 * the decision) and a `failed` plan never asked anybody.
 */
export function requestedApproval(
  decision: ApprovalDecision | 'failed' | 'disabled' | 'unneeded' | 'cancelled' | 'alreadyRequested',
  approvalResult: unknown,
): boolean {
  return (
    decision === 'rejected' ||
    decision === 'expired' ||
    decision === 'cancelled' ||
    approvalResult !== undefined
  );
}

/**
 * Whether an outcome must leave the card of `other` (another approval) alone. When the run requested
 * its own approval, `other` was requested after it (the latest request replaced its card): the newer
 * card stays, whatever its state. When it never requested one, the card stays while `other` is
 * pending (`otherRecord` is its stored approval; unknown: not pending).
 */
export function keepsOtherCard(input: {
  ownRequested: boolean;
  otherRecord?: Pick<Approval, 'decision' | 'expiresAt'>;
  now: Date;
}): boolean {
  if (input.ownRequested) return true;
  return input.otherRecord !== undefined && isPending(input.otherRecord, input.now);
}
