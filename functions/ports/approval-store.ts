/**
 * Pending human decisions. The Step Functions task token is stored here under a short approval id;
 * only the id ever leaves the backend (Slack buttons carry it), never the token.
 */
export type ApprovalDecision = 'approved' | 'rejected' | 'expired';

export interface Approval {
  approvalId: string;
  /** The finding whose remediation asks (the lead of its group): its message holds the card. */
  findingId: string;
  /**
   * The other findings of the same resource the same fix covers (triage asks once per fix and
   * resource, not once per finding): the card lists them, a decision and a snooze apply to them
   * too. Absent for a request about one finding.
   */
  covers?: CoveredFinding[];
  remediationId: string;
  /** The dry-run plan shown to the approver, as data. */
  plan: unknown;
  taskToken: string;
  severity: string;
  accountId?: string;
  requestedAt: string;
  expiresAt: string;
  decision?: ApprovalDecision;
  decidedBy?: string;
  decidedAt?: string;
  slack?: { channel: string; ts: string };
  /** When Remediate claimed the execution of this approved plan (`claimExecution`): set once. */
  executedAt?: string;
  /** What the claimed execution did (`recordExecution`), so a retried Remediate reports it instead of running again. */
  execution?: ExecutionRecord;
}

/** A finding an approval covers besides its own: what the card lists and a snooze suppresses. */
export interface CoveredFinding {
  findingId: string;
  ruleId: string;
  title: string;
  severity: string;
}

export function coveredFinding(finding: {
  id: string;
  ruleId: string;
  title: string;
  severity: string;
}): CoveredFinding {
  return { findingId: finding.id, ruleId: finding.ruleId, title: finding.title, severity: finding.severity };
}

/** The recorded outcome of an approved plan's one execution. */
export type ExecutionRecord =
  | { outcome: 'ok'; executedAt: string; results: unknown[] }
  | { outcome: 'failed'; failedAt: string; error: string };

export interface ApprovalStore {
  put(approval: Approval): Promise<void>;
  get(approvalId: string): Promise<Approval | undefined>;
  /**
   * Records a decision only if none was recorded yet (a conditional write): returns the updated
   * approval, or undefined when somebody already decided (a double click is a no-op).
   */
  decide(approvalId: string, decision: ApprovalDecision, by: string, at: Date): Promise<Approval | undefined>;
  /**
   * Takes back a decision the workflow was never told of (the callback failed), so the approval can be
   * decided again: removes it only while `decided` is still the stored decision (a conditional write on
   * decision, decidedBy and decidedAt). Returns false when another decision (or none) is stored.
   */
  undo(approvalId: string, decided: DecisionStamp): Promise<boolean>;
  /**
   * Replaces the stored decision `decided` with `decision` by `by` at `at`, only while `decided` is still
   * the stored one (same condition as `undo`): a click whose workflow had already stopped waiting
   * becomes `expired`. Returns the updated approval, or undefined when the condition failed.
   */
  replaceDecision(
    approvalId: string,
    decided: DecisionStamp,
    decision: ApprovalDecision,
    by: string,
    at: Date,
  ): Promise<Approval | undefined>;
  /**
   * Claims the one execution of an approved plan: sets `executedAt` only while the stored decision is
   * `approved` and no execution was claimed (a conditional write). Returns false when the condition
   * failed (claimed before, not approved, unknown): the caller must not run the plan.
   */
  claimExecution(approvalId: string, at: Date): Promise<boolean>;
  /** Stores the outcome of the claimed execution, once (only after a claim, only if none is stored). */
  recordExecution(approvalId: string, record: ExecutionRecord): Promise<void>;
  /**
   * Claims the one pending request of a fix on a resource (`claim.key`, `pendingClaimKey`) for
   * `claim.approvalId`, a conditional write: it succeeds when no claim is stored, the stored one was
   * released, has expired (`expiresAt` <= `now`), is this approval's own (a retried Plan), asks for
   * another plan (`planDigest`: the finding changed, the pending card is not this change), or is
   * `replacing`'s (a holder the caller found decided). Returns undefined when claimed, else the claim
   * that holds it: the caller must not ask again.
   */
  claimPending(claim: PendingClaim, now: Date, replacing?: string): Promise<PendingClaim | undefined>;
  /** Releases the claim of `key`, only while `approvalId` holds it (a conditional write; else a no-op). */
  releasePending(key: string, approvalId: string, at: Date): Promise<void>;
}

/**
 * The one request awaiting a human decision for a fix on a resource, across remediation runs (triage
 * groups the findings of one event; this spans events). Taken by Plan before RequestApproval asks,
 * released by NotifyOutcome whatever the run's end; a run that dies in between leaves it until
 * `expiresAt`, the latest time its approval can still be pending.
 */
export interface PendingClaim {
  /** `<remediationId>|<resource key>` (`pendingClaimKey`). */
  key: string;
  approvalId: string;
  /** ISO 8601: past it, the claim holds nothing (its approval has expired, or its run died). */
  expiresAt: string;
  /**
   * The planned calls the request asks to approve (`planDigest`): the same change is asked once; a
   * run whose plan differs (the resource changed since) takes the claim over and asks, and its card
   * replaces the older one, as before.
   */
  planDigest: string;
}

/** What one `decide` call stored: `undo` and `replaceDecision` act only while it is still stored. */
export interface DecisionStamp {
  decision: ApprovalDecision;
  decidedBy: string;
  /** ISO 8601, as `decide` stored it (`at.toISOString()`). */
  decidedAt: string;
}
