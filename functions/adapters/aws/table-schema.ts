/**
 * The single DynamoDB table behind FindingsStore, ApprovalStore, AuditLog, SuppressionStore and
 * ScoreHistory. Infra builds the table from this object (keys are strings, TTL is epoch seconds,
 * every index projects ALL).
 *
 * Items and access patterns (copy into the table construct's doc comment):
 *
 * | entity | pk | sk | gsi1pk / gsi1sk | gsi2pk / gsi2sk | TTL |
 * | --- | --- | --- | --- | --- | --- |
 * | finding | `FINDING#<findingId>` | `FINDING` | `OPEN` / `<accountId>#<findingId>` (only while open) | `RESOLVED#<isoWeek>` / `<resolvedAt>#<findingId>` (only once resolved) | none |
 * | approval | `APPROVAL#<approvalId>` | `APPROVAL` | – | – | expiresAt + HISTORY_TTL_DAYS |
 * | audit record | `AUDIT#<yyyy-mm-dd>` | `<at>#<random>` | – | – | at + HISTORY_TTL_DAYS |
 * | suppression | `SUPPRESSION` | `<ruleId>#<accountId or *>#<resource>` | – | – | expires + 30 days |
 * | score snapshot | `SCORE` | `<isoWeek>` | – | – | takenAt + HISTORY_TTL_DAYS |
 * | delivery record | `DELIVERY#<notification key>` | `<channel>` (`sns`, `slack`) | – | – | deliveredAt + 30 days |
 * | resource watermark | `RESOURCE#r\|<account>\|<region>\|<type>\|<id>` | `WATERMARK` | – | – | last write + 30 days |
 | pending claim | `PENDING#<remediationId>\|<account>\|<region>\|<type>\|<id>` | `PENDING` | – | – | the claim's expiry (approval timeout + 15 min) |
 *
 * A finding item holds the finding in `data`, with its open spans: `data.openedAt` (and
 * `data.resolvedAt` once resolved) for the latest, `data.pastOpenings` for the earlier ones, written
 * when it reopens, at most 64 (about 4.6 KB; past that the two with the shortest gap between them
 * merge: functions/shared/open-spans.ts). Items written before `pastOpenings` existed lack it.
 *
 * 1. Get a finding by id: GetItem `FINDING#<id>` / `FINDING`.
 * 2. Record a finding: GetItem, then PutItem conditioned on the version read (`attribute_not_exists(pk)`
 *    or `version = :read`); a lost race re-reads and recomputes, so the same evaluation twice is `unchanged`.
 * 3. Resolve a finding: UpdateItem conditioned on `#status = open`, REMOVE gsi1pk/gsi1sk, SET gsi2 keys;
 *    `ReturnValuesOnConditionCheckFailure: ALL_OLD`, so a finding resolved before comes back with the
 *    failed condition (no extra read) and Record can owe its undelivered resolution notice.
 * 4. Open findings (all, or one account): Query gsi1 `gsi1pk = OPEN` [and `begins_with(gsi1sk, <accountId>#)`].
 * 5. Findings resolved in [from, to): Query gsi2 `gsi2pk = RESOLVED#<week>` per ISO week of the range,
 *    `gsi2sk BETWEEN from AND to`. A reopening puts the item without gsi2 keys (only the latest
 *    resolution is indexed). A week's report (GatherReport) runs 4 (open findings first seen before
 *    the week's end) and 5 from the week's start to now (last resolved since): every finding open at
 *    the week's end or resolved during it is in one of them, whatever happened to it since, and its
 *    open spans on the item say which (no history items, no scan).
 * 6. Approval by id: GetItem (consistent); decide once: UpdateItem conditioned on `attribute_exists(pk) AND
 *    attribute_not_exists(decision)`. Remediate claims the one execution of an approved plan: UpdateItem
 *    SET `executedAt` conditioned on `decision = approved AND attribute_not_exists(executedAt)`, then
 *    records its outcome: SET `execution` conditioned on `attribute_exists(executedAt) AND
 *    attribute_not_exists(execution)`.
 * 7. Audit records in [from, to): Query `AUDIT#<day>` per day, `sk BETWEEN`.
 * 8. Suppressions: Query `pk = SUPPRESSION`.
 * 9. Latest score snapshots before a week: Query `pk = SCORE AND sk < :week`, ScanIndexForward false, Limit n.
 * 10. Notice delivered (Notify): UpdateItem `FINDING#<id>` SET `data.notice.delivered`, conditioned on the
 *     notice's kind and time (a late Notify never marks a newer transition); Record reads it with the
 *     finding it already gets, so an owed notification costs no extra read.
 * 11. Channels that delivered a notification: Query `pk = DELIVERY#<key>` (consistent); record one:
 *     PutItem conditioned on `attribute_not_exists(pk)`.
 * 12. A finding's Slack thread and latest approval requested (Notify, RequestApproval): UpdateItem SET
 *     `data.slack` / `data.latestApproval`, conditioned on `attribute_exists(pk)`, bumping the version;
 *     NotifyOutcome reads the finding (GetItem) for the approval its card shows.
 * 13. Record a Config item's findings in order (resource-watermark.ts): UpdateItem the resource's
 *     watermark conditioned on `attribute_not_exists(pk) OR orderKey <= :mine` (`ALL_OLD` on failure:
 *     the event is stale, nothing else is written); then each finding write of patterns 2 and 3 is a
 *     TransactWriteItems of a ConditionCheck `orderKey = :mine` on the watermark and that write, so
 *     an execution overtaken by a newer item stops writing. A passed check first reads its finding
 *     (consistent GetItem, cheaper than a failed transaction: most have none open); only an open one is
 *     resolved in a transaction, then read back (a transaction returns no values).
 * 14. One approval request per fix and resource awaiting a decision, across events (Plan, NotifyOutcome):
 *     Plan claims it before RequestApproval asks: UpdateItem `PENDING#<fix key>` SET approvalId, planDigest and
 *     `expiresAt` (the approval's timeout plus 15 minutes of RequestApproval retries, epoch seconds: the
 *     TTL too), REMOVE releasedAt, conditioned on `attribute_not_exists(pk) OR attribute_exists(releasedAt)
 *     OR expiresAt <= :now OR approvalId = :mine OR planDigest <> :digest` (a retried Plan keeps its own
 *     claim; a plan of other calls, the resource having changed, is a new change and asks), with
 *     `ALL_OLD` on failure: the holder's approval id without an extra read. The run then reads the
 *     holder's approval (pattern 6): decided, the holder no longer waits, and the claim is taken over
 *     with the same UpdateItem OR `approvalId = :holder`; undecided (or not stored yet), the run ends
 *     `alreadyRequested`, naming it. NotifyOutcome releases it, whatever the run's end: UpdateItem SET
 *     releasedAt conditioned on `approvalId = :mine AND attribute_not_exists(releasedAt)`. A run that
 *     dies between the two leaves a claim that holds until its `expiresAt`, never longer.
 *
 * No access pattern scans the table. The `OPEN` index partition takes every open/resolve write
 * (about 1,000 writes/s per partition): far above what a compliance bot sees.
 */
export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

/**
 * The partition-key values of each kind of item, as IAM `StringLike` patterns for the
 * `dynamodb:LeadingKeys` condition key (the table's partition key, `pk`). One declaration for the
 * adapter's keys above and the functions' grants.
 */
export const ITEM_KEYS = {
  finding: 'FINDING#*',
  approval: 'APPROVAL#*',
  audit: 'AUDIT#*',
  suppression: 'SUPPRESSION',
  score: 'SCORE',
  delivery: 'DELIVERY#*',
  resource: 'RESOURCE#*',
  pending: 'PENDING#*',
} as const;
export type ItemKind = keyof typeof ITEM_KEYS;

/**
 * The DynamoDB data-plane actions the adapter sends (no Scan, no DeleteItem, no batch). Its one
 * transaction (TransactWriteItems, pattern 13) is authorized per action inside it: ConditionCheck as
 * `dynamodb:ConditionCheckItem`, Put and Update as PutItem and UpdateItem (DynamoDB Developer Guide,
 * "Using IAM with DynamoDB transactions").
 */
export const TABLE_ACTIONS = ['GetItem', 'PutItem', 'UpdateItem', 'Query', 'ConditionCheckItem'] as const;
export type TableAction = (typeof TABLE_ACTIONS)[number];

/**
 * One kind of request to the table: the action, the items it touches and, for a Query of a global
 * secondary index, the index (whose partition key is not `pk`: `OPEN` for gsi1, `RESOLVED#<week>`
 * for gsi2; only finding items carry these keys).
 */
export interface TableAccess {
  action: TableAction;
  items: ItemKind;
  index?: (typeof TABLE_SCHEMA.indexes)[number]['name'];
}

const access = (action: TableAction, items: ItemKind, index?: TableAccess['index']): TableAccess =>
  index ? { action, items, index } : { action, items };

/**
 * The requests each operation of the DynamoDB adapter (`DynamoStore`, port.method) sends. The handler
 * manifest lists the operations each function uses (`table`); infra grants exactly the actions these
 * send, on the partition keys of the items they touch. A test runs every operation against a
 * recording client and compares with this table, and fails for an adapter method not listed here.
 */
export const STORE_OPERATIONS = {
  'findings.record': [
    access('GetItem', 'finding'),
    access('PutItem', 'finding'),
    access('UpdateItem', 'finding'),
    // A Config item's findings are recorded in order (pattern 13).
    access('UpdateItem', 'resource'),
    access('ConditionCheckItem', 'resource'),
  ],
  'findings.get': [access('GetItem', 'finding')],
  // The conditional resolve of `record`, in a person's name (one-off findings acknowledged).
  'findings.acknowledge': [access('UpdateItem', 'finding')],
  'findings.query': [access('Query', 'finding', 'gsi1'), access('Query', 'finding', 'gsi2')],
  'findings.setSlackThread': [access('UpdateItem', 'finding')],
  'findings.setLatestApproval': [access('UpdateItem', 'finding')],
  'findings.markNotified': [access('UpdateItem', 'finding')],
  'findings.markRemediationStarted': [access('UpdateItem', 'finding')],
  'approvals.put': [access('PutItem', 'approval')],
  'approvals.get': [access('GetItem', 'approval')],
  'approvals.decide': [access('UpdateItem', 'approval')],
  'approvals.undo': [access('UpdateItem', 'approval')],
  'approvals.replaceDecision': [access('UpdateItem', 'approval')],
  // Remediate claims an approved plan's one execution and records its outcome (conditional UpdateItems).
  'approvals.claimExecution': [access('UpdateItem', 'approval')],
  'approvals.recordExecution': [access('UpdateItem', 'approval')],
  // One pending request per fix and resource (pattern 14): conditional UpdateItems of the claim item.
  'approvals.claimPending': [access('UpdateItem', 'pending')],
  'approvals.releasePending': [access('UpdateItem', 'pending')],
  'audit.append': [access('PutItem', 'audit')],
  'audit.list': [access('Query', 'audit')],
  'suppressions.list': [access('Query', 'suppression')],
  'suppressions.put': [access('PutItem', 'suppression')],
  'history.put': [access('PutItem', 'score')],
  'history.latest': [access('Query', 'score')],
  'deliveries.delivered': [access('Query', 'delivery')],
  'deliveries.record': [access('PutItem', 'delivery')],
} as const satisfies Record<string, readonly TableAccess[]>;
export type StoreOperation = keyof typeof STORE_OPERATIONS;
