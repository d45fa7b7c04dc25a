/** Every decision and every remediation result, append-only: who, when, what finding, which plan, outcome. */
export interface AuditRecord {
  at: string;
  actor: string;
  action:
    | 'approval-requested'
    | 'approved'
    | 'rejected'
    | 'expired'
    | 'snoozed'
    /** A one-off finding closed by a person (functions/approvals/acknowledge.ts); `outcome` holds the reason. */
    | 'acknowledged'
    | 'remediated'
    | 'remediation-failed'
    | 'verified'
    | 'verification-failed'
    /** A finding resolved for another reason than a passing check: its resource was deleted (`outcome` says so). */
    | 'resolved'
    /** A pending approval withdrawn, or an approved fix not run, because the resource was deleted. */
    | 'cancelled'
    /**
     * Not asked: the same fix on the same resource already awaits a decision; `approvalId` is that
     * pending request's, `outcome` says until when.
     */
    | 'already-requested';
  findingId: string;
  /**
   * A decision or a fix that covers other findings of the same resource too (one approval per fix
   * and resource): their ids. `findingId` is the one whose remediation asked.
   */
  coveredFindingIds?: string[];
  approvalId?: string;
  remediationId?: string;
  plan?: unknown;
  outcome?: string;
  accountId?: string;
  /**
   * A `remediated` record of an executor that changes nothing (the local runtime's dry run): the
   * calls were printed, not made. Never set for a real fix.
   */
  dryRun?: true;
}

export interface AuditLog {
  append(record: AuditRecord): Promise<void>;
  /** Records with `at` in [from, to), oldest first. */
  list(range: { from: string; to: string }): AsyncIterable<AuditRecord>;
}
