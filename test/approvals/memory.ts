import { isDecidedAs, MemoryStore } from '../../functions/adapters/local/memory-store';
import type {
  Approval,
  ApprovalDecision,
  ApprovalStore,
  DecisionStamp,
  ExecutionRecord,
  PendingClaim,
} from '../../functions/ports/approval-store';
import type { AuditLog, AuditRecord } from '../../functions/ports/audit-log';
import type { SuppressionStore } from '../../functions/ports/suppression-store';
import type { Suppression } from '../../functions/rulebook/suppressions';

/** In-memory ports with the contract's semantics (conditional decide, append-only audit). */
export class MemoryApprovals implements ApprovalStore {
  readonly items = new Map<string, Approval>();
  async put(a: Approval) {
    this.items.set(a.approvalId, { ...a });
  }
  async get(id: string) {
    const a = this.items.get(id);
    return a ? { ...a } : undefined;
  }
  async decide(id: string, decision: ApprovalDecision, by: string, at: Date) {
    const a = this.items.get(id);
    if (!a || a.decision) return undefined;
    const next = { ...a, decision, decidedBy: by, decidedAt: at.toISOString() };
    this.items.set(id, next);
    return { ...next };
  }
  async undo(id: string, decided: DecisionStamp) {
    const a = this.items.get(id);
    if (!a || !isDecidedAs(a, decided)) return false;
    const { decision: _d, decidedBy: _by, decidedAt: _at, ...pending } = a;
    this.items.set(id, pending);
    return true;
  }
  async replaceDecision(
    id: string,
    decided: DecisionStamp,
    decision: ApprovalDecision,
    by: string,
    at: Date,
  ) {
    const a = this.items.get(id);
    if (!a || !isDecidedAs(a, decided)) return undefined;
    const next = { ...a, decision, decidedBy: by, decidedAt: at.toISOString() };
    this.items.set(id, next);
    return { ...next };
  }
  async claimExecution(id: string, at: Date) {
    const a = this.items.get(id);
    if (a?.decision !== 'approved' || a.executedAt !== undefined) return false;
    this.items.set(id, { ...a, executedAt: at.toISOString() });
    return true;
  }
  async recordExecution(id: string, record: ExecutionRecord) {
    const a = this.items.get(id);
    if (a?.executedAt === undefined || a.execution !== undefined) return;
    this.items.set(id, { ...a, execution: structuredClone(record) });
  }
  /** The pending-approval claims: the local store's (its conditions are the DynamoDB adapter's). */
  private readonly claims = new MemoryStore().approvals;
  claimPending(claim: PendingClaim, now: Date, replacing?: string) {
    return this.claims.claimPending(claim, now, replacing);
  }
  releasePending(key: string, approvalId: string, at: Date) {
    return this.claims.releasePending(key, approvalId, at);
  }
}

export class MemoryAudit implements AuditLog {
  readonly records: AuditRecord[] = [];
  async append(r: AuditRecord) {
    this.records.push(r);
  }
  async *list(range: { from: string; to: string }) {
    for (const r of [...this.records].sort((a, b) => a.at.localeCompare(b.at))) {
      if (r.at >= range.from && r.at < range.to) yield r;
    }
  }
}

export class MemorySuppressions implements SuppressionStore {
  readonly items: Suppression[] = [];
  async list() {
    return [...this.items];
  }
  async put(s: Suppression) {
    this.items.push(s);
  }
}
