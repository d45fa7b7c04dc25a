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

/**
 * The single DynamoDB table behind every store port (findings, suppressions, approvals, audit log,
 * weekly score history). House defaults: on-demand, point-in-time recovery, a customer-managed KMS key,
 * deletion protection, TTL on `expiresAt` (epoch seconds) so audit and score history age out after
 * `historyRetentionDays`, and RETAIN on stack deletion (findings and the audit trail are evidence).
 *
 * Access patterns (functions/ports/*.ts; keys written by the AWS adapter in functions/adapters/aws):
 *
 * | port / call | key condition | index |
 * | --- | --- | --- |
 * | FindingsStore.get(id), record(): conditional put/update per finding | pk = `FINDING#<id>`, sk = `FINDING` | table |
 * | FindingsStore.query({ status, from, to }) (weekly report, open findings) | gsi1pk = `STATUS#<status>`, gsi1sk between from/to (ISO time) | gsi1 |
 * | FindingsStore.query({ accountId }) | gsi2pk = `ACCOUNT#<accountId>`, gsi2sk = ISO time | gsi2 |
 * | SuppressionStore.list()/put() | pk = `SUPPRESSIONS`, sk = `<suppression id>` | table |
 * | ApprovalStore.get/put/decide(approvalId): conditional update on `attribute_not_exists(decision)` | pk = `APPROVAL#<id>`, sk = `APPROVAL` | table |
 * | AuditLog.append / list({ from, to }) (oldest first) | pk = `AUDIT#<yyyy-mm-dd>`, sk = `<iso time>#<id>`; TTL | table |
 * | ScoreHistory.put / latest(count, beforeWeek) (newest first) | pk = `SCORES`, sk = `<iso week>`; TTL | table |
 *
 * No access pattern scans the table. Key attribute names are the only contract with the adapter.
 */
export const FINDINGS_TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

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
