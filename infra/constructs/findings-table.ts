import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  type CfnGlobalTable,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../../functions/adapters/aws/table-schema';

/**
 * The single DynamoDB table behind every store port (findings, suppressions, approvals, audit log,
 * weekly score history). House defaults: on-demand, point-in-time recovery, a customer-managed KMS key,
 * deletion protection, TTL on `expiresAt` (epoch seconds) so approvals, audit and score history age
 * out after `historyRetentionDays`, and RETAIN on stack deletion (findings and the audit trail are
 * evidence). Keys and indexes come from the AWS adapter's `TABLE_SCHEMA`, the one contract.
 *
 * Items and access patterns (from functions/adapters/aws/table-schema.ts):
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
 * 2. Record a finding: GetItem, then PutItem conditioned on the version read.
 * 3. Resolve a finding: UpdateItem conditioned on `#status = open`, REMOVE gsi1 keys, SET gsi2 keys.
 * 4. Open findings (all, or one account): Query gsi1 `gsi1pk = OPEN` [and `begins_with(gsi1sk, <accountId>#)`].
 * 5. Findings resolved in [from, to): Query gsi2 `gsi2pk = RESOLVED#<week>` per ISO week, `gsi2sk BETWEEN`.
 *    A week's report: 4, and 5 from the week's start to now; the items' open spans say how each
 *    finding stood at the week's end, whatever happened to it since (no scan).
 * 6. Approval by id: GetItem; decide once: UpdateItem conditioned on `attribute_not_exists(decision)`.
 * 7. Audit records in [from, to): Query `AUDIT#<day>` per day, `sk BETWEEN`.
 * 8. Suppressions: Query `pk = SUPPRESSION`.
 * 9. Latest score snapshots before a week: Query `pk = SCORE AND sk < :week`, newest first, Limit n.
 * 10. Notice delivered: UpdateItem on the finding, conditioned on the notice's kind and time.
 * 11. Channels that delivered a notification: Query `pk = DELIVERY#<key>`; record one: conditional PutItem.
 * 12. A Config item's findings in order: UpdateItem the resource watermark (conditioned on not moving
 *     back), then each finding write of 2 and 3 in a TransactWriteItems with a ConditionCheck on it.
 * 13. One approval request per fix and resource awaiting a decision, across events: Plan claims
 *     `PENDING#<fix key>` with an UpdateItem conditioned on `attribute_not_exists(pk) OR
 *     attribute_exists(releasedAt) OR expiresAt <= :now OR approvalId = :mine OR planDigest <> :digest`
 *     (another plan of calls is another change: it asks; `ALL_OLD` on failure
 *     names the holder; a holder whose approval (6) is decided is taken over, conditioned on it still
 *     holding); the run whose claim fails ends `alreadyRequested`, naming the holder's approval.
 *     NotifyOutcome releases it (SET releasedAt conditioned on `approvalId = :mine`); a claim left by a
 *     run that died holds until its `expiresAt` (the approval's timeout + 15 min), also its TTL.
 *
 * No access pattern scans the table (so no grant includes dynamodb:Scan).
 */
export const FINDINGS_TABLE_SCHEMA = TABLE_SCHEMA;

export interface FindingsTableProps {
  key: IKey;
}

export class FindingsTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: FindingsTableProps) {
    super(scope, id);
    const schema = FINDINGS_TABLE_SCHEMA;
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: schema.partitionKey, type: AttributeType.STRING },
      sortKey: { name: schema.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      // customerManagedKey() cannot render in a region-agnostic stack (it needs the region to pick
      // the replica key), so declare KMS here and set the one replica's key below.
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: schema.ttlAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: schema.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
    });
    const cfn = this.table.node.defaultChild as CfnGlobalTable;
    cfn.addPropertyOverride('Replicas.0.SSESpecification', { KMSMasterKeyId: props.key.keyArn });
  }
}
