import type {
  Approval,
  ApprovalDecision,
  ApprovalStore,
  DecisionStamp,
  ExecutionRecord,
  PendingClaim,
} from '../../ports/approval-store';
import type { AuditLog, AuditRecord } from '../../ports/audit-log';
import type { DeliveryLedger } from '../../ports/delivery-ledger';
import type {
  FindingNotice,
  FindingQuery,
  FindingsStore,
  NoticeFlag,
  PassedCheck,
  RecordOutcome,
  StoredFinding,
} from '../../ports/findings-store';
import type { ScoreHistory, WeeklySnapshot } from '../../ports/score-history';
import type { SuppressionStore } from '../../ports/suppression-store';
import type { Finding } from '../../rulebook/model/finding';
import type { Suppression } from '../../rulebook/suppressions';
import {
  addKept,
  emptyOutcome,
  mustWrite,
  passedWithoutFailures,
  resolution,
  transition,
} from '../../shared/finding-transitions';
import { advanceWatermark, type ResourceOrder, type Watermark } from '../../shared/resource-order';
import { addDeferred, passResolves } from '../../shared/verdict-source';

/** Everything the local stores hold, as plain data (what the file store writes). */
export interface StoreState {
  findings: Record<string, StoredFinding>;
  approvals: Record<string, Approval>;
  audit: AuditRecord[];
  suppressions: Suppression[];
  history: WeeklySnapshot[];
  /** Names of remediation executions started (the local StartExecution idempotency). */
  executions: string[];
  /** Notification key -> channel -> when it was delivered there. */
  deliveries: Record<string, Record<string, string>>;
  /**
   * Resource key (`ResourceOrder.resource`) -> the latest Config item applied for it (absent in
   * state folders written before watermarks existed: then every resource starts without one).
   */
  resources?: Record<string, Watermark>;
  /**
   * Claim key -> the one approval request awaiting a decision for that fix on that resource, with
   * `releasedAt` once released (absent in state folders written before claims existed).
   */
  pendingClaims?: Record<string, PendingClaim & { releasedAt?: string }>;
}

/** The stored decision is still the one `decided` describes (the condition of undo / replaceDecision). */
export function isDecidedAs(approval: Approval, decided: DecisionStamp): boolean {
  return (
    approval.decision === decided.decision &&
    approval.decidedBy === decided.decidedBy &&
    approval.decidedAt === decided.decidedAt
  );
}

/**
 * Where decided approvals go when the store stops keeping them in memory (the file store: an
 * append-only file). An approval moves there once and is read and updated there from then on.
 */
export interface ApprovalArchive {
  has(approvalId: string): boolean;
  get(approvalId: string): Approval | undefined;
  /** Stores this version of the approval (a new one, or an update of an archived one). */
  put(approval: Approval): void;
}

/** Decided approvals kept in memory with an archive: the latest ones, which clicks and outcomes still read. */
export const KEEP_DECIDED_APPROVALS = 1000;

export function emptyState(): StoreState {
  return {
    findings: {},
    approvals: {},
    audit: [],
    suppressions: [],
    history: [],
    executions: [],
    deliveries: {},
    resources: {},
    pendingClaims: {},
  };
}

/**
 * All stores of the bot in memory, with the same semantics as the DynamoDB adapter (idempotent
 * record, approvals decided once, deliveries recorded once per channel). Each port is its own object
 * (`findings`, `approvals`, `audit`, `suppressions`, `history`, `deliveries`: the ports share method
 * names). The file store persists the state.
 */
export class MemoryStore {
  readonly findings: FindingsStore;
  readonly approvals: ApprovalStore;
  readonly audit: AuditLog;
  readonly suppressions: SuppressionStore;
  readonly history: ScoreHistory;
  readonly deliveries: DeliveryLedger;
  protected state: StoreState;
  protected readonly findingsMap: Map<string, StoredFinding>;
  /** `state.executions` as a set: the idempotency check runs for every remediation started. */
  protected readonly executionNames: Set<string>;
  /** Where decided approvals beyond the latest KEEP_DECIDED_APPROVALS go (none: all stay in memory). */
  private readonly decidedArchive: ApprovalArchive | undefined;
  /** Ids of the decided approvals in `state.approvals`, oldest decision first. */
  protected readonly decidedIds = new Set<string>();
  protected dirty = false;

  /**
   * `audit`: where audit records go instead of `state.audit` (the file store appends them to a file).
   * `archive`: where decided approvals go beyond the latest KEEP_DECIDED_APPROVALS (the file store
   * appends them to a file); `state.approvals` then holds the pending and the latest decided ones.
   */
  constructor(state: StoreState = emptyState(), audit?: AuditLog, archive?: ApprovalArchive) {
    this.state = state;
    this.decidedArchive = archive;
    this.findingsMap = new Map(Object.entries(state.findings));
    this.executionNames = new Set(state.executions);
    const self = this;
    const map = this.findingsMap;
    const touch = () => {
      self.dirty = true;
    };
    /** Sets `flag` on the finding's notice, only while it is still `notice` (same kind and time). */
    const markNotice = (id: string, notice: Pick<FindingNotice, 'kind' | 'at'>, flag: NoticeFlag) => {
      const f = map.get(id);
      if (!f?.notice || f.notice[flag] || f.notice.kind !== notice.kind || f.notice.at !== notice.at) return;
      map.set(id, Object.assign({}, f, { notice: Object.assign({}, f.notice, { [flag]: true }) }));
      touch();
    };
    this.findings = {
      async record(
        findings: readonly Finding[],
        passed: readonly PassedCheck[],
        now: Date,
        order?: ResourceOrder,
      ): Promise<RecordOutcome> {
        const out = emptyOutcome();
        // The whole record runs without awaiting: no other execution can interleave, so the
        // watermark check and the writes below are one step, as DynamoDB's conditions make them.
        if (order) {
          self.state.resources ??= {};
          const stale = advanceWatermark(self.state.resources, order);
          if (stale) return Object.assign(out, { stale });
          touch();
        }
        for (const finding of findings) {
          const existing = map.get(finding.id);
          const { next, kind, kept } = transition(existing, finding, now);
          // An acknowledged finding kept resolved (an occurrence it covers, again) is not written.
          if (kept) addKept(out, kept);
          else if (mustWrite(existing, next, kind)) map.set(finding.id, next);
          out[kind].push(next);
        }
        for (const check of passedWithoutFailures(passed, findings)) {
          const existing = map.get(check.findingId);
          if (existing?.status === 'open' && !passResolves(existing, check)) {
            // Config's pass over the bot's own failing check: the bot's next evaluation decides.
            addDeferred(out, existing);
            continue;
          }
          const resolved = resolution(existing, now, check.reason);
          if (resolved) {
            map.set(check.findingId, resolved);
            out.resolved.push(resolved);
          } else if (existing) out.unchanged.push(existing); // resolved before: its notice may be owed
        }
        if (out.opened.length || out.changed.length || out.unchanged.length || out.resolved.length) touch();
        return out;
      },
      async get(id) {
        return map.get(id);
      },
      async acknowledge(id, acknowledged, now) {
        const resolved = resolution(map.get(id), now, acknowledged);
        if (resolved) {
          map.set(id, resolved);
          touch();
        }
        return resolved;
      },
      async *query(query: FindingQuery) {
        for (const f of map.values()) {
          if (query.status && f.status !== query.status) continue;
          if (query.accountId && f.resource.accountId !== query.accountId) continue;
          const when = f.status === 'resolved' ? (f.resolvedAt ?? f.lastSeenAt) : f.firstSeenAt;
          if (query.from && when < query.from) continue;
          if (query.to && when >= query.to) continue;
          yield f;
        }
      },
      async setSlackThread(id, thread) {
        const f = map.get(id);
        if (f) {
          map.set(id, { ...f, slack: thread });
          touch();
        }
      },
      async setLatestApproval(id, approval) {
        const f = map.get(id);
        if (f) {
          map.set(id, Object.assign({}, f, { latestApproval: approval }));
          touch();
        }
      },
      async markNotified(id, notice) {
        markNotice(id, notice, 'delivered');
      },
      async markRemediationStarted(id, notice) {
        markNotice(id, notice, 'remediationStarted');
      },
    };
    const decidedIds = this.decidedIds;
    const current = (approvalId: string): Approval | undefined =>
      self.state.approvals[approvalId] ?? archive?.get(approvalId);
    /** A new object per change: an approval handed out earlier never changes under its holder. */
    const store = (approval: Approval): Approval => {
      const id = approval.approvalId;
      touch();
      if (archive?.has(id)) {
        archive.put(approval);
        return approval;
      }
      self.state.approvals[id] = approval;
      decidedIds.delete(id);
      if (!archive || !approval.decision) return approval;
      decidedIds.add(id);
      if (decidedIds.size > KEEP_DECIDED_APPROVALS) {
        const oldest = decidedIds.values().next().value as string;
        decidedIds.delete(oldest);
        archive.put(self.state.approvals[oldest]!);
        delete self.state.approvals[oldest];
      }
      return approval;
    };
    if (archive)
      for (const approval of Object.values(state.approvals)) {
        // A state.json older than the archive (a run that stopped before writing it): the archive is newer.
        if (archive.has(approval.approvalId)) delete state.approvals[approval.approvalId];
        else if (approval.decision) decidedIds.add(approval.approvalId);
      }
    this.approvals = {
      async put(approval: Approval) {
        const existing = current(approval.approvalId);
        if (existing?.decision) return;
        store(Object.assign({}, approval));
      },
      async get(approvalId) {
        return current(approvalId);
      },
      async decide(approvalId: string, decision: ApprovalDecision, by: string, at: Date) {
        const existing = current(approvalId);
        if (!existing || existing.decision) return undefined;
        return store(Object.assign({}, existing, { decision, decidedBy: by, decidedAt: at.toISOString() }));
      },
      async undo(approvalId: string, decided: DecisionStamp) {
        const existing = current(approvalId);
        if (!existing || !isDecidedAs(existing, decided)) return false;
        const { decision: _d, decidedBy: _by, decidedAt: _at, ...pending } = existing;
        store(pending);
        return true;
      },
      async replaceDecision(
        approvalId: string,
        decided: DecisionStamp,
        decision: ApprovalDecision,
        by: string,
        at: Date,
      ) {
        const existing = current(approvalId);
        if (!existing || !isDecidedAs(existing, decided)) return undefined;
        return store(Object.assign({}, existing, { decision, decidedBy: by, decidedAt: at.toISOString() }));
      },
      async claimExecution(approvalId: string, at: Date) {
        const existing = current(approvalId);
        if (existing?.decision !== 'approved' || existing.executedAt !== undefined) return false;
        store(Object.assign({}, existing, { executedAt: at.toISOString() }));
        return true;
      },
      async recordExecution(approvalId: string, record: ExecutionRecord) {
        const existing = current(approvalId);
        if (existing?.executedAt === undefined || existing.execution !== undefined) return;
        store(Object.assign({}, existing, { execution: JSON.parse(JSON.stringify(record)) }));
      },
      // The conditions of the DynamoDB adapter's pattern 14.
      async claimPending(claim: PendingClaim, now: Date, replacing?: string) {
        self.state.pendingClaims ??= {};
        const held = self.state.pendingClaims[claim.key];
        const free =
          !held ||
          held.releasedAt !== undefined ||
          Date.parse(held.expiresAt) <= now.getTime() ||
          held.approvalId === claim.approvalId ||
          held.planDigest !== claim.planDigest ||
          (replacing !== undefined && held.approvalId === replacing);
        if (!free) return Object.assign({}, held);
        self.state.pendingClaims[claim.key] = Object.assign({}, claim);
        touch();
        return undefined;
      },
      async releasePending(key: string, approvalId: string, at: Date) {
        const held = self.state.pendingClaims?.[key];
        if (!held || held.approvalId !== approvalId || held.releasedAt !== undefined) return;
        self.state.pendingClaims![key] = Object.assign({}, held, { releasedAt: at.toISOString() });
        touch();
      },
    };
    this.audit = audit ?? {
      async append(record: AuditRecord) {
        self.state.audit.push(record);
        touch();
      },
      async *list(range) {
        const records = self.state.audit.filter((r) => r.at >= range.from && r.at < range.to);
        records.sort((a, b) => a.at.localeCompare(b.at));
        yield* records;
      },
    };
    this.suppressions = {
      async list() {
        return [...self.state.suppressions];
      },
      async put(suppression: Suppression) {
        self.state.suppressions.push(suppression);
        touch();
      },
    };
    this.history = {
      async put(snapshot: WeeklySnapshot) {
        self.state.history = self.state.history.filter((s) => s.week !== snapshot.week);
        self.state.history.push(snapshot);
        touch();
      },
      async latest(count: number, beforeWeek?: string) {
        return self.state.history
          .filter((s) => beforeWeek === undefined || s.week < beforeWeek)
          .sort((a, b) => b.week.localeCompare(a.week))
          .slice(0, count);
      },
    };
    this.deliveries = {
      async delivered(key: string) {
        return new Set(Object.keys(self.state.deliveries[key] ?? {}));
      },
      async record(channel: string, key: string, at: Date) {
        let channels = self.state.deliveries[key];
        if (!channels) {
          channels = {};
          self.state.deliveries[key] = channels;
        }
        if (channels[channel]) return;
        channels[channel] = at.toISOString();
        touch();
      },
    };
  }

  /** Remediation executions started so far (idempotency of the local StartExecution by name). */
  startExecution(name: string): boolean {
    if (this.executionNames.has(name)) return false;
    this.executionNames.add(name);
    this.state.executions.push(name);
    this.dirty = true;
    return true;
  }

  /**
   * Takes over the findings and approvals of the partitions in `parts` (what the triage workers of a
   * parallel replay kept, each for its own resources), in place of those held here.
   */
  adopt(
    parts: ReadonlyArray<Pick<StoreState, 'findings' | 'approvals' | 'resources' | 'pendingClaims'>>,
  ): void {
    this.findingsMap.clear();
    // Every worker started with all claims and kept those its own runs took (a replay settles each
    // event's runs before the next, so they are released unless a run was stopped while waiting). Per
    // key the newest wins: the later expiry, and at the same expiry the released copy.
    const claims: NonNullable<StoreState['pendingClaims']> = Object.assign({}, this.state.pendingClaims);
    for (const part of parts)
      for (const [key, claim] of Object.entries(part.pendingClaims ?? {})) {
        const held = claims[key];
        const newer =
          !held ||
          held.expiresAt < claim.expiresAt ||
          (held.expiresAt === claim.expiresAt && claim.releasedAt !== undefined);
        if (newer) claims[key] = claim;
      }
    this.state.pendingClaims = claims;
    // Each worker kept the watermarks of its own resources (the same shard as their findings).
    const resources: Record<string, Watermark> = {};
    for (const part of parts) Object.assign(resources, part.resources);
    this.state.resources = resources;
    const approvals: Record<string, Approval> = {};
    this.decidedIds.clear();
    for (const part of parts) {
      for (const [id, finding] of Object.entries(part.findings)) this.findingsMap.set(id, finding);
      for (const [id, approval] of Object.entries(part.approvals)) {
        approvals[id] = approval;
        if (approval.decision) this.decidedIds.add(id);
      }
    }
    this.state.approvals = approvals;
    // Each worker kept its own latest KEEP_DECIDED_APPROVALS: keep the latest overall, in decision order.
    if (this.decidedArchive) {
      const decided = [...this.decidedIds].sort((a, b) =>
        (approvals[a]!.decidedAt ?? '').localeCompare(approvals[b]!.decidedAt ?? ''),
      );
      this.decidedIds.clear();
      for (const id of decided.slice(0, Math.max(0, decided.length - KEEP_DECIDED_APPROVALS))) {
        this.decidedArchive.put(approvals[id]!);
        delete approvals[id];
      }
      for (const id of decided.slice(-KEEP_DECIDED_APPROVALS)) this.decidedIds.add(id);
    }
    this.dirty = true;
  }

  snapshot(): StoreState {
    return { ...this.state, findings: Object.fromEntries(this.findingsMap) };
  }
}
