import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
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
  Acknowledgement,
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
import type { ResolutionReason } from '../../rulebook/model/resolution';
import type { Suppression } from '../../rulebook/suppressions';
import { rethrowTransient } from '../../shared/errors';
import {
  addKept,
  emptyOutcome,
  mustWrite,
  passedWithoutFailures,
  transition,
} from '../../shared/finding-transitions';
import { type ResourceOrder, staleEvent } from '../../shared/resource-order';
import { addDeferred, CONFIG_VERDICT_CONDITION, passResolves } from '../../shared/verdict-source';
import { isoWeek, weekStart } from '../../shared/week';
import { advanceWatermark, SupersededError, writeGuarded } from './resource-watermark';

const DAY_SECONDS = 86_400;
const MAX_RECORD_ATTEMPTS = 4;
/**
 * Delivery records only have to outlive every way the same notification can come back: a task retry
 * (minutes), an EventBridge redelivery (24 h), a redrive of the dead-letter queue (14 days, the SQS
 * maximum). Past that, the finding's delivered notice keeps Record from sending it again.
 */
const DELIVERY_TTL_DAYS = 30;

export interface DynamoStoreOptions {
  tableName: string;
  /** Days audit records, decided approvals and score snapshots are kept (DynamoDB TTL). */
  historyTtlDays?: number;
  /** Days delivery records (per channel and notification) are kept (DynamoDB TTL). Default 30. */
  deliveryTtlDays?: number;
}

/**
 * The single-table DynamoDB adapter (see `table-schema.ts` for items and access patterns). Each port
 * is its own object because the ports share method names: `findings`, `approvals`, `audit`,
 * `suppressions`, `history`, `deliveries`.
 */
export class DynamoStore {
  readonly findings: FindingsStore;
  readonly approvals: ApprovalStore;
  readonly audit: AuditLog;
  readonly suppressions: SuppressionStore;
  readonly history: ScoreHistory;
  readonly deliveries: DeliveryLedger;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly options: DynamoStoreOptions,
  ) {
    this.findings = {
      record: (findings, passed, now, order) => this.record(findings, passed, now, order),
      get: (id) => this.getFinding(id),
      acknowledge: async (id, acknowledged, now) => {
        const result = await this.resolve(id, now, { acknowledged });
        return result?.kind === 'resolved' ? result.finding : undefined;
      },
      query: (q) => this.queryFindings(q),
      setSlackThread: (id, thread) => this.setDataField(id, 'slack', thread),
      setLatestApproval: (id, approval) => this.setDataField(id, 'latestApproval', approval),
      markNotified: (id, notice) => this.markNotice(id, notice, 'delivered'),
      markRemediationStarted: (id, notice) => this.markNotice(id, notice, 'remediationStarted'),
    };
    this.approvals = {
      put: (a) => this.putApproval(a),
      get: (id) => this.getApproval(id),
      decide: (id, decision, by, at) => this.decide(id, decision, by, at),
      undo: (id, decided) => this.undoDecision(id, decided),
      replaceDecision: (id, decided, decision, by, at) => this.replaceDecision(id, decided, decision, by, at),
      claimExecution: (id, at) => this.claimExecution(id, at),
      recordExecution: (id, record) => this.recordExecution(id, record),
      claimPending: (claim, now, replacing) => this.claimPending(claim, now, replacing),
      releasePending: (key, approvalId, at) => this.releasePending(key, approvalId, at),
    };
    this.audit = { append: (r) => this.appendAudit(r), list: (range) => this.listAudit(range) };
    this.suppressions = { list: () => this.listSuppressions(), put: (s) => this.putSuppression(s) };
    this.history = {
      put: (s) => this.putSnapshot(s),
      latest: (n, before) => this.latestSnapshots(n, before),
    };
    this.deliveries = {
      delivered: (key) => this.delivered(key),
      record: (channel, key, at) => this.recordDelivery(channel, key, at),
    };
  }

  private get table() {
    return this.options.tableName;
  }

  private ttl(fromIso: string, days = this.options.historyTtlDays ?? 400): number {
    return Math.floor(new Date(fromIso).getTime() / 1000) + days * DAY_SECONDS;
  }

  private async send<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw error;
      return rethrowTransient(error, `DynamoDB ${what}`);
    }
  }

  // ---- findings

  /**
   * With `order` (a Config item), the resource's watermark is advanced first and every write below
   * is conditioned on it (resource-watermark.ts): an older item records nothing (`stale`).
   */
  private async record(
    findings: readonly Finding[],
    passed: readonly PassedCheck[],
    now: Date,
    order?: ResourceOrder,
  ) {
    const out: RecordOutcome = emptyOutcome();
    if (order) {
      const stale = await this.send('UpdateItem watermark', () =>
        advanceWatermark(this.doc, this.table, order, now),
      );
      if (stale) return Object.assign(out, { stale });
    }
    try {
      for (const finding of findings) {
        const { next, kind, kept } = await this.recordOne(finding, now, order);
        if (kept) addKept(out, kept);
        out[kind].push(next);
      }
      for (const check of passedWithoutFailures(passed, findings)) {
        const result = await this.resolve(check.findingId, now, {
          ...(check.reason ? { reason: check.reason } : {}),
          ...(order ? { order } : {}),
          ...(check.configVerdict ? { check } : {}),
        });
        if (!result) continue;
        if (result.kind === 'deferred') addDeferred(out, result.finding);
        else out[result.kind].push(result.finding);
      }
    } catch (error) {
      if (!(order && error instanceof SupersededError)) throw error;
      out.stale = staleEvent(order, error.latest, true);
    }
    return out;
  }

  /** A finding write: plain, or (with `order`) only while the resource's watermark is still `order`. */
  private async write(what: string, order: ResourceOrder | undefined, put: PutCommandInput) {
    await this.send<unknown>(what, () =>
      order ? writeGuarded(this.doc, order, { Put: put }) : this.doc.send(new PutCommand(put)),
    );
  }

  /**
   * Reads the finding (consistent read), computes its transition and writes it only if the item is
   * still the version read: a concurrent write (a Record of the same finding, an acknowledgement)
   * makes the put fail, and the transition is computed again from what is stored then. An
   * acknowledged finding that this occurrence does not reopen (`kept`) is left as it is, unwritten:
   * the decision was taken on a consistent read, and an acknowledgement landing between that read
   * and a reopening put fails the put's version condition, so the next attempt sees it.
   */
  private async recordOne(finding: Finding, now: Date, order?: ResourceOrder) {
    for (let attempt = 1; ; attempt++) {
      const current = await this.getFindingItem(finding.id);
      const existing = current?.data;
      const result = transition(existing, finding, now);
      if (result.kept || !mustWrite(existing, result.next, result.kind)) return result;
      const { next, kind } = result;
      const version = (current?.version ?? 0) + 1;
      try {
        await this.write('PutItem finding', order, {
          TableName: this.table,
          Item: {
            pk: `FINDING#${finding.id}`,
            sk: 'FINDING',
            status: 'open',
            fingerprint: next.fingerprint,
            version,
            gsi1pk: 'OPEN',
            gsi1sk: `${next.resource.accountId ?? '-'}#${finding.id}`,
            data: next,
          },
          ConditionExpression: current ? 'version = :read' : 'attribute_not_exists(pk)',
          ...(current ? { ExpressionAttributeValues: { ':read': current.version } } : {}),
        });
        return { next, kind };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= MAX_RECORD_ATTEMPTS)
          throw error;
        // Somebody recorded the same finding meanwhile (a redelivered event): read again and recompute.
      }
    }
  }

  /**
   * Resolves the finding if it is open (conditional update). When it is not, the failed condition
   * returns the item (`ALL_OLD`, no extra read): a finding resolved before is `unchanged`, so Record
   * can still owe its resolution's notice when that was never delivered. No item: nothing to resolve.
   * With `check` (a Config verdict's pass), the condition also requires the open finding to be a
   * Config verdict (verdict-source.ts), in the same write: an open finding that carries the bot's
   * evidence, even written a moment before, fails it and comes back `deferred`.
   */
  private async resolve(
    findingId: string,
    now: Date,
    cause?: {
      acknowledged?: Acknowledgement;
      reason?: ResolutionReason;
      order?: ResourceOrder;
      check?: PassedCheck;
    },
  ): Promise<{ kind: 'resolved' | 'unchanged' | 'deferred'; finding: StoredFinding } | undefined> {
    const at = now.toISOString();
    const { acknowledged, reason, order, check } = cause ?? {};
    const verdict = check?.configVerdict ? CONFIG_VERDICT_CONDITION : undefined;
    try {
      const update: UpdateCommandInput = {
        TableName: this.table,
        Key: { pk: `FINDING#${findingId}`, sk: 'FINDING' },
        ConditionExpression: verdict ? `#status = :open AND ${verdict.expression}` : '#status = :open',
        UpdateExpression:
          'SET #status = :resolved, #data.#status = :resolved, #data.resolvedAt = :at, #data.lastSeenAt = :at, ' +
          // A person's acknowledgement or another reason is stored with the resolution, in the same conditional write.
          `#data.notice = :notice, ${reason ? '#data.resolvedReason = :reason, ' : ''}${acknowledged ? '#data.acknowledged = :ack, ' : ''}` +
          'gsi2pk = :week, gsi2sk = :sk, version = version + :one REMOVE gsi1pk, gsi1sk',
        ExpressionAttributeNames: Object.assign({ '#status': 'status', '#data': 'data' }, verdict?.names),
        ExpressionAttributeValues: {
          ...verdict?.values,
          ':open': 'open',
          ':resolved': 'resolved',
          ':at': at,
          ':notice': { kind: 'resolved', at } satisfies FindingNotice,
          ':week': `RESOLVED#${isoWeek(now)}`,
          ':sk': `${at}#${findingId}`,
          ':one': 1,
          ...(reason ? { ':reason': reason } : {}),
          ...(acknowledged ? { ':ack': acknowledged } : {}),
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      };
      if (order) return await this.resolveGuarded(findingId, update, order, check);
      const result = await this.send('UpdateItem resolve', () => this.doc.send(new UpdateCommand(update)));
      const resolved = result.Attributes?.data as StoredFinding | undefined;
      return resolved ? { kind: 'resolved', finding: resolved } : undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The document client does not translate an error's item: it comes as DynamoDB attribute values.
      const before = error.Item ? (unmarshall(error.Item).data as StoredFinding | undefined) : undefined;
      if (before?.status === 'resolved') return { kind: 'unchanged', finding: before };
      // Open, so only the verdict's condition failed: the finding carries the bot's evidence.
      return before && check ? { kind: 'deferred', finding: before } : undefined;
    }
  }

  /**
   * `resolve` for a Config item recorded in order (resource-watermark.ts). Most passed checks have no
   * open finding: a consistent read (1 RRU) finds that, instead of a transaction of two conditional
   * writes. An open one is resolved in a transaction with the watermark check (the update's own
   * condition still requires it open; a failure returns the item, handled as in `resolve`), then read
   * back: a transaction returns no values.
   */
  private async resolveGuarded(
    findingId: string,
    update: UpdateCommandInput,
    order: ResourceOrder,
    check?: PassedCheck,
  ): Promise<{ kind: 'resolved' | 'unchanged' | 'deferred'; finding: StoredFinding } | undefined> {
    const current = (await this.getFindingItem(findingId))?.data;
    if (!current) return undefined;
    if (current.status === 'resolved') return { kind: 'unchanged', finding: current };
    // The update's own condition repeats this test: a write between this read and it fails there.
    if (check && !passResolves(current, check)) return { kind: 'deferred', finding: current };
    await this.send('UpdateItem resolve', () => writeGuarded(this.doc, order, { Update: update }));
    const resolved = await this.getFinding(findingId);
    return resolved ? { kind: 'resolved', finding: resolved } : undefined;
  }

  private async getFindingItem(id: string) {
    const result = await this.send('GetItem finding', () =>
      this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: `FINDING#${id}`, sk: 'FINDING' },
          ConsistentRead: true,
        }),
      ),
    );
    return result.Item as { data: StoredFinding; version: number } | undefined;
  }

  private async getFinding(id: string) {
    return (await this.getFindingItem(id))?.data;
  }

  private async *queryFindings(q: FindingQuery): AsyncIterable<StoredFinding> {
    if (q.status === 'resolved') {
      const from = new Date(q.from ?? Date.now() - 7 * DAY_SECONDS * 1000);
      const to = new Date(q.to ?? Date.now());
      for (let week = weekStart(from); week < to; week = new Date(week.getTime() + 7 * DAY_SECONDS * 1000)) {
        for await (const item of this.paginate({
          TableName: this.table,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': `RESOLVED#${isoWeek(week)}`,
            ':from': from.toISOString(),
            ':to': to.toISOString(),
          },
        })) {
          const f = item.data as StoredFinding;
          if (q.accountId && f.resource.accountId !== q.accountId) continue;
          if (f.resolvedAt && f.resolvedAt >= to.toISOString()) continue;
          yield f;
        }
      }
      return;
    }
    const input: QueryCommandInput = {
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: q.accountId ? 'gsi1pk = :pk AND begins_with(gsi1sk, :account)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'OPEN', ...(q.accountId ? { ':account': `${q.accountId}#` } : {}) },
    };
    for await (const item of this.paginate(input)) {
      const f = item.data as StoredFinding;
      if (q.from && f.firstSeenAt < q.from) continue;
      if (q.to && f.firstSeenAt >= q.to) continue;
      yield f;
    }
  }

  private async *paginate(input: QueryCommandInput): AsyncIterable<Record<string, unknown>> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.send('Query', () =>
        this.doc.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) })),
      );
      for (const item of page.Items ?? []) yield item;
      start = page.LastEvaluatedKey;
    } while (start);
  }

  /** Sets one field of an existing finding (its Slack thread, its latest approval); unknown finding: no-op. */
  private async setDataField(id: string, field: 'slack' | 'latestApproval', value: object) {
    try {
      await this.send(`UpdateItem ${field}`, () =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: `FINDING#${id}`, sk: 'FINDING' },
            ConditionExpression: 'attribute_exists(pk)',
            // Bumps the version like every other write of the item: a Record that read it before
            // this write then fails its conditional put and re-reads, instead of putting back the
            // finding without the field.
            UpdateExpression: 'SET #data.#field = :value, version = if_not_exists(version, :zero) + :one',
            ExpressionAttributeNames: { '#data': 'data', '#field': field },
            ExpressionAttributeValues: { ':value': value, ':zero': 0, ':one': 1 },
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * Sets `flag` (delivered, or remediation started) on the finding's notice. Conditional on the
   * notice still being this one (kind and time), so a late Notify or Plan never marks a newer
   * transition; bumps the version so a concurrent Record re-reads instead of writing the notice back
   * without the flag.
   */
  private async markNotice(id: string, notice: Pick<FindingNotice, 'kind' | 'at'>, flag: NoticeFlag) {
    try {
      await this.send(`UpdateItem ${flag}`, () =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: `FINDING#${id}`, sk: 'FINDING' },
            ConditionExpression: '#data.#notice.#kind = :kind AND #data.#notice.#at = :at',
            UpdateExpression: 'SET #data.#notice.#flag = :yes, version = version + :one',
            ExpressionAttributeNames: {
              '#data': 'data',
              '#notice': 'notice',
              '#kind': 'kind',
              '#at': 'at',
              '#flag': flag,
            },
            ExpressionAttributeValues: { ':kind': notice.kind, ':at': notice.at, ':yes': true, ':one': 1 },
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error; // moved on, or gone
    }
  }

  // ---- deliveries

  private async delivered(key: string): Promise<ReadonlySet<string>> {
    const channels = new Set<string>();
    for await (const item of this.paginate({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `DELIVERY#${key}` },
      ConsistentRead: true,
    }))
      channels.add(item.sk as string);
    return channels;
  }

  private async recordDelivery(channel: string, key: string, at: Date) {
    const iso = at.toISOString();
    try {
      await this.send('PutItem delivery', () =>
        this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              pk: `DELIVERY#${key}`,
              sk: channel,
              deliveredAt: iso,
              expiresAt: this.ttl(iso, this.options.deliveryTtlDays ?? DELIVERY_TTL_DAYS),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error; // recorded already
    }
  }

  // ---- approvals

  private async putApproval(approval: Approval) {
    try {
      await this.send('PutItem approval', () =>
        this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              pk: `APPROVAL#${approval.approvalId}`,
              sk: 'APPROVAL',
              ...approval,
              expiresAt: this.ttl(approval.expiresAt),
              expiresAtIso: approval.expiresAt,
            },
            // A retried request may replace the token; a decided approval is never overwritten.
            ConditionExpression: 'attribute_not_exists(decision)',
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private fromApprovalItem(item: Record<string, unknown> | undefined): Approval | undefined {
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, expiresAt: _ttl, expiresAtIso, ...rest } = item;
    return { ...(rest as unknown as Approval), expiresAt: expiresAtIso as string };
  }

  private async getApproval(approvalId: string) {
    const result = await this.send('GetItem approval', () =>
      this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: `APPROVAL#${approvalId}`, sk: 'APPROVAL' },
          ConsistentRead: true,
        }),
      ),
    );
    return this.fromApprovalItem(result.Item);
  }

  private async decide(approvalId: string, decision: ApprovalDecision, by: string, at: Date) {
    const item = await this.updateApproval('UpdateItem decide', approvalId, {
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(decision)',
      UpdateExpression: 'SET decision = :d, decidedBy = :by, decidedAt = :at',
      ExpressionAttributeValues: { ':d': decision, ':by': by, ':at': at.toISOString() },
    });
    return this.fromApprovalItem(item); // undefined: decided already, or unknown
  }

  /** The condition of `undo` / `replaceDecision`: the stored decision is still the one `decided` wrote. */
  private static readonly SAME_DECISION = 'decision = :d AND decidedBy = :by AND decidedAt = :at';

  private stampValues(decided: DecisionStamp) {
    return { ':d': decided.decision, ':by': decided.decidedBy, ':at': decided.decidedAt };
  }

  private async undoDecision(approvalId: string, decided: DecisionStamp) {
    const item = await this.updateApproval('UpdateItem undo decision', approvalId, {
      ConditionExpression: DynamoStore.SAME_DECISION,
      UpdateExpression: 'REMOVE decision, decidedBy, decidedAt',
      ExpressionAttributeValues: this.stampValues(decided),
    });
    return item !== undefined; // false: another decision is stored, or none
  }

  private async replaceDecision(
    approvalId: string,
    decided: DecisionStamp,
    decision: ApprovalDecision,
    by: string,
    at: Date,
  ) {
    const item = await this.updateApproval('UpdateItem replace decision', approvalId, {
      ConditionExpression: DynamoStore.SAME_DECISION,
      UpdateExpression: 'SET decision = :next, decidedBy = :nextBy, decidedAt = :nextAt',
      ExpressionAttributeValues: Object.assign(this.stampValues(decided), {
        ':next': decision,
        ':nextBy': by,
        ':nextAt': at.toISOString(),
      }),
    });
    return this.fromApprovalItem(item);
  }

  private async claimExecution(approvalId: string, at: Date) {
    const item = await this.updateApproval('UpdateItem claim execution', approvalId, {
      ConditionExpression: 'decision = :approved AND attribute_not_exists(executedAt)',
      UpdateExpression: 'SET executedAt = :at',
      ExpressionAttributeValues: { ':approved': 'approved', ':at': at.toISOString() },
    });
    return item !== undefined; // false: claimed before, not approved, or unknown
  }

  private async recordExecution(approvalId: string, record: ExecutionRecord) {
    await this.updateApproval('UpdateItem record execution', approvalId, {
      ConditionExpression: 'attribute_exists(executedAt) AND attribute_not_exists(execution)',
      UpdateExpression: 'SET execution = :e',
      // JSON-safe (SDK outputs may hold Dates): what a retried Remediate returns, as Lambda would have.
      ExpressionAttributeValues: { ':e': JSON.parse(JSON.stringify(record)) },
    });
  }

  /**
   * Pattern 14: one conditional UpdateItem of the fix's claim item. `expiresAt` is the claim's expiry
   * in epoch seconds, both the condition's clock and the TTL that deletes it (lazily: the condition
   * does not wait for TTL). A failed condition returns the holder (`ALL_OLD`, no extra read).
   */
  private async claimPending(claim: PendingClaim, now: Date, replacing?: string) {
    try {
      await this.send('UpdateItem claim pending approval', () =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: `PENDING#${claim.key}`, sk: 'PENDING' },
            ConditionExpression: `attribute_not_exists(pk) OR attribute_exists(releasedAt) OR expiresAt <= :now OR approvalId = :id OR planDigest <> :digest${replacing ? ' OR approvalId = :replacing' : ''}`,
            UpdateExpression:
              'SET approvalId = :id, planDigest = :digest, expiresAt = :ttl, expiresAtIso = :exp, claimedAt = :at REMOVE releasedAt',
            ExpressionAttributeValues: {
              ':id': claim.approvalId,
              ':now': Math.floor(now.getTime() / 1000),
              ':ttl': Math.ceil(Date.parse(claim.expiresAt) / 1000),
              ':exp': claim.expiresAt,
              ':digest': claim.planDigest,
              ':at': now.toISOString(),
              ...(replacing ? { ':replacing': replacing } : {}),
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The document client does not translate an error's item: it comes as DynamoDB attribute values.
      const held = error.Item ? unmarshall(error.Item) : undefined;
      return {
        key: claim.key,
        approvalId: String(held?.approvalId ?? ''),
        expiresAt: String(held?.expiresAtIso ?? ''),
        planDigest: String(held?.planDigest ?? ''),
      };
    }
  }

  /** Pattern 14: marks the claim released, only while `approvalId` holds it (the item stays until its TTL). */
  private async releasePending(key: string, approvalId: string, at: Date) {
    try {
      await this.send('UpdateItem release pending approval', () =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: `PENDING#${key}`, sk: 'PENDING' },
            ConditionExpression: 'approvalId = :id AND attribute_not_exists(releasedAt)',
            UpdateExpression: 'SET releasedAt = :at',
            ExpressionAttributeValues: { ':id': approvalId, ':at': at.toISOString() },
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error; // taken over, or released
    }
  }

  /** A conditional UpdateItem of an approval: the item as updated, or undefined when the condition failed. */
  private async updateApproval(
    what: string,
    approvalId: string,
    update: Required<
      Pick<UpdateCommandInput, 'ConditionExpression' | 'UpdateExpression' | 'ExpressionAttributeValues'>
    >,
  ): Promise<Record<string, unknown> | undefined> {
    try {
      const result = await this.send(what, () =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: `APPROVAL#${approvalId}`, sk: 'APPROVAL' },
            ...update,
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return result.Attributes ?? {};
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  // ---- audit

  private async appendAudit(record: AuditRecord) {
    await this.send('PutItem audit', () =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: `AUDIT#${record.at.slice(0, 10)}`,
            sk: `${record.at}#${randomBytes(6).toString('hex')}`,
            ...record,
            expiresAt: this.ttl(record.at),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  private async *listAudit(range: { from: string; to: string }): AsyncIterable<AuditRecord> {
    const end = new Date(range.to).getTime();
    for (
      let day = new Date(`${range.from.slice(0, 10)}T00:00:00Z`);
      day.getTime() < end;
      day = new Date(day.getTime() + DAY_SECONDS * 1000)
    ) {
      for await (const item of this.paginate({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': `AUDIT#${day.toISOString().slice(0, 10)}`,
          ':from': range.from,
          ':to': range.to,
        },
      })) {
        const { pk: _pk, sk: _sk, expiresAt: _ttl, ...record } = item;
        const r = record as unknown as AuditRecord;
        if (r.at >= range.from && r.at < range.to) yield r;
      }
    }
  }

  // ---- suppressions

  private async listSuppressions(): Promise<Suppression[]> {
    const out: Suppression[] = [];
    for await (const item of this.paginate({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'SUPPRESSION' },
    })) {
      out.push(item.suppression as Suppression);
    }
    return out;
  }

  private async putSuppression(s: Suppression) {
    await this.send('PutItem suppression', () =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: 'SUPPRESSION',
            sk: `${s.ruleId}#${s.accountId ?? '*'}#${s.resource}`,
            suppression: s,
            expiresAt: this.ttl(new Date(s.expires).toISOString(), 30),
          },
        }),
      ),
    );
  }

  // ---- score history

  private async putSnapshot(snapshot: WeeklySnapshot) {
    await this.send('PutItem score', () =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: 'SCORE', sk: snapshot.week, snapshot, expiresAt: this.ttl(snapshot.takenAt) },
        }),
      ),
    );
  }

  private async latestSnapshots(count: number, beforeWeek?: string): Promise<WeeklySnapshot[]> {
    const result = await this.send('Query scores', () =>
      this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: beforeWeek ? 'pk = :pk AND sk < :week' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'SCORE', ...(beforeWeek ? { ':week': beforeWeek } : {}) },
          ScanIndexForward: false,
          Limit: count,
        }),
      ),
    );
    return (result.Items ?? []).map((i) => i.snapshot as WeeklySnapshot);
  }
}
