import { Arn, ArnFormat, type CfnElement, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { IConstruct } from 'constructs';
import {
  ITEM_KEYS,
  STORE_OPERATIONS,
  type StoreOperation,
  type TableAccess,
  type TableAction,
} from '../../functions/adapters/aws/table-schema';
import type { Need } from '../../functions/handlers/manifest';
import type { CheckerFunction } from './checker-function';
import { REPORT_PREFIX } from './report-bucket';

/** The resources the `needs` of the handler manifest refer to. */
export interface NeedResources {
  topic: { topic: ITopic; key: IKey };
  slackBotToken: { secret: ISecret; key: IKey };
  slackSigningSecret: { secret: ISecret; key: IKey };
  reportBucket: { bucket: IBucket; key: IKey };
  deadLetterQueue: { queue: IQueue; key: IKey };
  remediationStateMachine: IStateMachine;
  organizationId: string;
  /** Absent when remediation is turned off: `remediation-role:assume` then grants nothing. */
  remediationRoleName?: string;
  /** Absent when remediation is turned off: `remediation-read-role:assume` then grants nothing. */
  remediationReadRoleName?: string;
  /** The read-only Config history role in member accounts (`config-read-role:assume`). */
  configReadRoleName: string;
}

/** Every need this module can grant; a manifest need outside this list fails the synth. */
export const GRANTABLE_NEEDS: readonly string[] = [
  'notification-topic:publish',
  'slack-bot-token:read',
  'slack-signing-secret:read',
  'states:send-task-result',
  'states:fail-task',
  'states:start-remediation',
  'config:get-history',
  'organizations:read',
  'cost-explorer:read',
  'report-bucket:write',
  'dead-letter-queue:send',
  'remediation-role:assume',
  'remediation-read-role:assume',
  'config-read-role:assume',
];

/**
 * Turns each `need` of a handler into the narrowest IAM statements (functions/handlers/manifest.ts
 * documents the table). Resources are exact ARNs; the only `*` resources are APIs without
 * resource-level permissions (Config history, Cost Explorer, Organizations List*) and the member
 * account id in the member roles' ARNs (bounded by `aws:ResourceOrgID`). Each is acknowledged for
 * cdk-nag in the central stack with the reason.
 */
export function grantNeeds(fn: CheckerFunction, needs: readonly Need[], r: NeedResources): void {
  const role = fn.role;
  const add = (statement: PolicyStatement) => role.addToPrincipalPolicy(statement);
  const kms = (key: IKey, actions: string[]) =>
    add(new PolicyStatement({ actions, resources: [key.keyArn] }));
  const stack = Stack.of(role);
  const have = new Set<string>(needs);
  for (const need of have) {
    if (!GRANTABLE_NEEDS.includes(need)) throw new Error(`no IAM grant is defined for the need "${need}"`);
  }
  if (have.has('notification-topic:publish')) {
    add(new PolicyStatement({ actions: ['sns:Publish'], resources: [r.topic.topic.topicArn] }));
    kms(r.topic.key, ['kms:Decrypt', 'kms:GenerateDataKey']);
  }
  const readSecret = (s: { secret: ISecret; key: IKey }) => {
    add(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [s.secret.secretArn] }));
    kms(s.key, ['kms:Decrypt']);
  };
  if (have.has('slack-bot-token:read')) readSecret(r.slackBotToken);
  if (have.has('slack-signing-secret:read')) readSecret(r.slackSigningSecret);
  if (have.has('states:send-task-result')) {
    add(
      new PolicyStatement({
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
        resources: [r.remediationStateMachine.stateMachineArn],
      }),
    );
  }
  if (have.has('states:fail-task') && !have.has('states:send-task-result')) {
    add(
      new PolicyStatement({
        actions: ['states:SendTaskFailure'],
        resources: [r.remediationStateMachine.stateMachineArn],
      }),
    );
  }
  if (have.has('states:start-remediation')) {
    add(
      new PolicyStatement({
        actions: ['states:StartExecution'],
        resources: [r.remediationStateMachine.stateMachineArn],
      }),
    );
  }
  if (have.has('config:get-history')) {
    // GetResourceConfigHistory has no resource-level permissions: the API requires "*".
    add(new PolicyStatement({ actions: ['config:GetResourceConfigHistory'], resources: ['*'] }));
    fn.justify(ANY, 'config:GetResourceConfigHistory has no resource-level permissions');
  }
  if (have.has('organizations:read')) {
    // The List* reads of the organization's tree are granted on "*"; the Describe* calls are scoped to
    // this organization.
    add(
      new PolicyStatement({
        actions: [
          'organizations:ListAccounts',
          'organizations:ListParents',
          'organizations:ListRoots',
          'organizations:ListAccountsForParent',
          'organizations:ListOrganizationalUnitsForParent',
        ],
        resources: ['*'],
      }),
    );
    fn.justify(
      ANY,
      'organizations:ListAccounts, ListParents and ListRoots accept only "*" as resource; ListAccountsForParent and ListOrganizationalUnitsForParent read the same tree (names and ids only)',
    );
    add(
      new PolicyStatement({
        actions: ['organizations:DescribeAccount', 'organizations:DescribeOrganizationalUnit'],
        resources: [
          `arn:${stack.partition}:organizations::*:account/${r.organizationId}/*`,
          `arn:${stack.partition}:organizations::*:ou/${r.organizationId}/*`,
        ],
      }),
    );
    const why =
      'DescribeAccount / DescribeOrganizationalUnit are scoped to this organization; the management ' +
      'account id and the account / OU ids in the ARN are not known at deploy time';
    fn.justify(
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::*:account/${r.organizationId}/*]`,
      why,
    );
    fn.justify(
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::*:ou/${r.organizationId}/*]`,
      why,
    );
  }
  if (have.has('cost-explorer:read')) {
    // Cost Explorer has no resource-level permissions for these reads.
    add(new PolicyStatement({ actions: ['ce:GetCostAndUsage', 'ce:GetAnomalies'], resources: ['*'] }));
    fn.justify(ANY, 'ce:GetCostAndUsage and ce:GetAnomalies have no resource-level permissions');
  }
  if (have.has('report-bucket:write')) {
    add(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: [r.reportBucket.bucket.arnForObjects(`${REPORT_PREFIX}*`)],
      }),
    );
    fn.justify(
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(r.reportBucket.bucket)}.Arn>/${REPORT_PREFIX}*]`,
      `object keys under ${REPORT_PREFIX} are per week and format; the grant is limited to that prefix of the report bucket`,
    );
    kms(r.reportBucket.key, ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);
  }
  if (have.has('dead-letter-queue:send')) {
    add(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [r.deadLetterQueue.queue.queueArn] }));
    kms(r.deadLetterQueue.key, ['kms:Decrypt', 'kms:GenerateDataKey']);
  }
  // Member-account roles: any member account, but only accounts of this organization.
  const assume = (roleName: string, what: string) => {
    add(
      new PolicyStatement({
        actions: ['sts:AssumeRole'],
        resources: [memberRoleArnPattern(stack, roleName)],
        conditions: { StringEquals: { 'aws:ResourceOrgID': r.organizationId } },
      }),
    );
    fn.justify(
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${roleName}]`,
      `${what} exists in every member account, whose ids are not known at deploy time; ` +
        'bounded to accounts of this organization by aws:ResourceOrgID',
    );
  };
  if (have.has('remediation-role:assume') && r.remediationRoleName) {
    assume(r.remediationRoleName, 'the remediation (write) role');
  }
  if (have.has('remediation-read-role:assume') && r.remediationReadRoleName) {
    assume(
      r.remediationReadRoleName,
      "the read-only remediation role (the catalog's prepare / verify reads)",
    );
  }
  if (have.has('config-read-role:assume')) {
    assume(r.configReadRoleName, 'the read-only Config history role');
  }
}

const ANY = 'AwsSolutions-IAM5[Resource::*]';

/** The findings table and its key, for `grantTableAccess`. */
export interface TableResources {
  table: ITableV2;
  key: IKey;
}

/**
 * Grants the DynamoDB actions the listed adapter operations send (`STORE_OPERATIONS`), and nothing
 * else: no DeleteItem, BatchWriteItem, Scan or DescribeTable, which no adapter sends. The one
 * transaction (Record's ordered writes) is authorized per action inside it: ConditionCheckItem on
 * the resource watermark, PutItem / UpdateItem on the finding.
 *
 * On the table, each action is limited to the partition keys of the items the operations touch,
 * with `dynamodb:LeadingKeys` ("represents the first key attribute of a table, in other words the
 * partition key ... you must use the ForAllValues modifier when using LeadingKeys in a condition":
 * DynamoDB Developer Guide, "Using IAM policy conditions for fine-grained access control",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html).
 * So a function that only appends audit records may PutItem `AUDIT#*` items and nothing else, and
 * only the functions that handle approvals can read or change an `APPROVAL#*` item (its task token).
 * ForAllValues is also true for a request with no partition key at all (IAM multivalued condition
 * keys); every action granted here names the partition key, and Scan is never granted.
 *
 * A Query of a global secondary index is granted on that index's ARN without LeadingKeys: that guide
 * defines the key as the table's partition key and does not say it carries an index's partition-key
 * value, so a condition there could deny the Query or mean nothing. The grant is still narrow:
 * gsi1/gsi2 are sparse, only finding items carry their keys (table-schema.ts), and only Query is
 * allowed on them.
 */
export function grantTableAccess(
  fn: CheckerFunction,
  operations: readonly StoreOperation[],
  r: TableResources,
): void {
  if (operations.length === 0) return;
  const tableArn = r.table.tableArn;
  const keysByAction = new Map<TableAction, Set<string>>();
  const indexes = new Set<string>();
  let writes = false;
  for (const operation of new Set(operations)) {
    const accesses: readonly TableAccess[] | undefined = STORE_OPERATIONS[operation];
    if (!accesses) throw new Error(`no table access is declared for the operation "${operation}"`);
    for (const a of accesses) {
      if (a.action === 'PutItem' || a.action === 'UpdateItem') writes = true;
      if (a.index) {
        if (a.action !== 'Query') throw new Error(`${operation}: only Query reads an index`);
        indexes.add(a.index);
        continue;
      }
      const keys = keysByAction.get(a.action) ?? new Set<string>();
      keys.add(ITEM_KEYS[a.items]);
      keysByAction.set(a.action, keys);
    }
  }
  // One statement per set of partition keys: actions on the same items share it.
  const byKeys = new Map<string, { keys: string[]; actions: string[] }>();
  for (const [action, keys] of keysByAction) {
    const sorted = [...keys].sort();
    const id = sorted.join('|');
    const group = byKeys.get(id) ?? { keys: sorted, actions: [] };
    group.actions.push(`dynamodb:${action}`);
    byKeys.set(id, group);
  }
  const role = fn.role;
  for (const { keys, actions } of [...byKeys.values()].sort((a, b) =>
    a.keys.join().localeCompare(b.keys.join()),
  )) {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: actions.sort(),
        resources: [tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': keys } },
      }),
    );
  }
  if (indexes.size > 0) {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [...indexes].sort().map((name) => `${tableArn}/index/${name}`),
      }),
    );
  }
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: writes
        ? ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']
        : ['kms:Decrypt', 'kms:DescribeKey'],
      resources: [r.key.keyArn],
    }),
  );
}

/** The logical id cdk-nag prints for a resource (`<LogicalId.Arn>`). */
function logicalIdOf(construct: IConstruct): string {
  const child = construct.node.defaultChild as CfnElement;
  return Stack.of(construct).getLogicalId(child);
}

/** `arn:<partition>:iam::*:role/<name>`: a role of that name in every member account. */
export function memberRoleArnPattern(stack: Stack, roleName: string): string {
  return Arn.format(
    {
      service: 'iam',
      region: '',
      account: '*',
      resource: 'role',
      resourceName: roleName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    },
    stack,
  );
}
