/**
 * Pending human decisions. The Step Functions task token is stored here under a short approval id;
 * only the id ever leaves the backend (Slack buttons carry it), never the token.
 */
export type ApprovalDecision = 'approved' | 'rejected' | 'expired';

export interface Approval {
  approvalId: string;
  findingId: string;
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
}

export interface ApprovalStore {
  put(approval: Approval): Promise<void>;
  get(approvalId: string): Promise<Approval | undefined>;
  /**
   * Records a decision only if none was recorded yet (a conditional write): returns the updated
   * approval, or undefined when somebody already decided (a double click is a no-op).
   */
  decide(approvalId: string, decision: ApprovalDecision, by: string, at: Date): Promise<Approval | undefined>;
}
