import type { StoreOperation } from '../adapters/aws/table-schema';

/**
 * The contract between the handlers and the infrastructure: one entry per handler folder. The infra
 * workflow/function constructs read this list to create one function per entry, set exactly the
 * listed environment variables, and turn each `need` into the narrowest IAM grant on the named
 * resource. Adding a handler = adding a folder + an entry here; a test checks both stay in sync.
 */

/**
 * Everything a handler may need, as a closed union. Infra maps each value to one grant (the findings
 * table is granted from `table`, the adapter operations an entry lists, not from a need):
 *
 * | need | grant (narrowest) |
 * | --- | --- |
 * | `notification-topic:publish` | sns:Publish on the findings topic; kms:GenerateDataKey/Decrypt on its key |
 * | `slack-bot-token:read` | secretsmanager:GetSecretValue on the Slack bot token secret; kms:Decrypt on its key |
 * | `slack-signing-secret:read` | secretsmanager:GetSecretValue on the Slack signing secret (only the approval callback: it verifies Slack's requests, and whoever holds it can forge them); kms:Decrypt on its key |
 * | `states:send-task-result` | states:SendTaskSuccess, SendTaskFailure on the remediation state machine |
 * | `states:fail-task` | states:SendTaskFailure (only) on the remediation state machine: withdraws the pending approval of a deleted resource's finding; cannot approve |
 * | `states:start-remediation` | states:StartExecution on the remediation state machine (not used by a handler today: triage starts it from ASL) |
 * | `config:get-history` | config:GetResourceConfigHistory (resource `*`: Config has no resource-level permissions) |
 * | `organizations:read` | organizations:ListAccounts, ListParents, DescribeOrganizationalUnit, DescribeAccount |
 * | `cost-explorer:read` | ce:GetCostAndUsage, GetAnomalies (resource `*`) |
 * | `report-bucket:write` | s3:PutObject, GetObject on `reports/*` of the report bucket; kms:GenerateDataKey/Encrypt/Decrypt on its key |
 * | `dead-letter-queue:send` | sqs:SendMessage on the dead-letter queue; kms:GenerateDataKey on its key |
 * | `remediation-role:assume` | sts:AssumeRole on the remediation (write) role in member accounts (`arn:aws:iam::*:role/<REMEDIATION_ROLE_NAME>`), whose permissions are the catalog's write actions plus its `recheckActions` reads (stale-plan checks); only Remediate, after a human approval |
 * | `remediation-read-role:assume` | sts:AssumeRole on the read-only remediation role in member accounts (`arn:aws:iam::*:role/<REMEDIATION_READ_ROLE_NAME>`), whose permissions are the catalog's `prepare` / `verify` read actions |
 * | `config-read-role:assume` | sts:AssumeRole on the read-only Config role in member accounts (`arn:aws:iam::*:role/<CONFIG_READ_ROLE_NAME>`), whose only permission is config:GetResourceConfigHistory |
 */
export const NEEDS = [
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
] as const;
export type Need = (typeof NEEDS)[number];

/**
 * Environment variables a handler may read (parsed once in `functions/shared/env.ts`). Infra sets
 * each listed variable from the resource of the same name:
 *
 * | variable | value |
 * | --- | --- |
 * | `TABLE_NAME` | the single DynamoDB table (findings, approvals, audit, suppressions, score history) |
 * | `TOPIC_ARN` | the SNS findings topic |
 * | `SLACK_BOT_TOKEN_SECRET_ARN` | Secrets Manager secret holding the Slack bot token (`xoxb-…`): every function that posts to Slack |
 * | `SLACK_SIGNING_SECRET_ARN` | Secrets Manager secret holding the Slack signing secret: only the approval callback (it verifies Slack's requests) |
 * | `SLACK_CHANNEL` | channel id findings and approvals are posted to |
 * | `APPROVERS` | JSON `{ "<severity>": ["<Slack user id>", ...] }`: who may decide a remediation of that severity (a comma-separated list means every severity) |
 * | `REMEDIATION_ENABLED` | `true`/`false` (default `true`): `false` when no remediation role is deployed; Plan then plans nothing (no reads) and the workflow ends as `disabled`, before any approval |
 * | `NOTIFY_MIN_SEVERITY` | `critical`/`high`/`medium`/`low`/`info` (cdk.json `notifyMinSeverity`, default `medium`): Record leaves findings below it out of the notifications, so they are recorded but neither posted nor remediated |
 * | `APPROVAL_TIMEOUT_SECONDS` | how long an approval request waits (RequestApproval's `TimeoutSecondsPath`) |
 * | `REPORT_BUCKET` | the report bucket name |
 * | `REPORT_KMS_KEY_ARN` | the report bucket's KMS key (SSE-KMS on PutObject) |
 * | `REMEDIATION_ROLE_NAME` | name of the remediation (write) role in member accounts; unset when remediation is off |
 * | `REMEDIATION_READ_ROLE_NAME` | name of the read-only remediation role in member accounts (the catalog's `prepare` / `verify` reads); unset when remediation is off |
 * | `CONFIG_READ_ROLE_NAME` | optional: name of a read-only role in member accounts for GetResourceConfigHistory (oversized items and verification of member resources); without it only the central account's own history is readable |
 * | `RULE_BOOK_CONFIG` | JSON RuleBookConfig (validated); optional, defaults apply |
 * | `HISTORY_TTL_DAYS` | days before audit/score history items expire (DynamoDB TTL) |
 * | `POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_LOG_LEVEL` | logger; set on every function by the house-default construct |
 */
export const ENVIRONMENT_VARIABLES = [
  'TABLE_NAME',
  'TOPIC_ARN',
  'SLACK_BOT_TOKEN_SECRET_ARN',
  'SLACK_SIGNING_SECRET_ARN',
  'SLACK_CHANNEL',
  'APPROVERS',
  'NOTIFY_MIN_SEVERITY',
  'APPROVAL_TIMEOUT_SECONDS',
  'REMEDIATION_ENABLED',
  'REPORT_BUCKET',
  'REPORT_KMS_KEY_ARN',
  'REMEDIATION_ROLE_NAME',
  'REMEDIATION_READ_ROLE_NAME',
  'CONFIG_READ_ROLE_NAME',
  'RULE_BOOK_CONFIG',
  'HISTORY_TTL_DAYS',
] as const;
export type EnvironmentVariable = (typeof ENVIRONMENT_VARIABLES)[number];

export const HANDLER_NAMES = [
  'normalize',
  'evaluate',
  'record',
  'notify',
  'plan',
  'request-approval',
  'remediate',
  'verify',
  'notify-outcome',
  'gather-report',
  'build-report',
  'publish-report',
  'approval-callback',
] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

export interface HandlerManifestEntry {
  name: HandlerName;
  /** Path of the entry file, relative to the repository root (esbuild entry point). */
  entry: string;
  /** The `${Placeholder}` the ASL files use for this function's ARN; absent when no ASL names it. */
  placeholder?: string;
  environment: readonly EnvironmentVariable[];
  needs: readonly Need[];
  /**
   * The findings-table operations (`DynamoStore` port.method) the handler and the adapters it builds
   * use. Infra grants exactly the DynamoDB actions these send (`STORE_OPERATIONS`), each only on
   * the partition keys of the items it touches (`dynamodb:LeadingKeys`); none: no table access.
   */
  table?: readonly StoreOperation[];
  timeoutSeconds: number;
  memoryMb: number;
  reservedConcurrency?: number;
  /** `function-url`: exposed through a Lambda function URL (auth NONE, the handler verifies Slack's signature). */
  exposure?: 'state-machine' | 'function-url';
}

/** What the Slack notifier (`workflowNotifier`) does on the table: the finding's thread, the delivery ledger. */
const SLACK_THREAD: readonly StoreOperation[] = ['findings.get', 'findings.setSlackThread'];
const DELIVERY_LEDGER: readonly StoreOperation[] = ['deliveries.delivered', 'deliveries.record'];

/** What a function that posts to SNS and Slack gets: the topic, the bot token (never the signing secret), the channel. */
const SLACK_POSTER = {
  environment: ['TOPIC_ARN', 'SLACK_BOT_TOKEN_SECRET_ARN', 'SLACK_CHANNEL'],
  needs: ['notification-topic:publish', 'slack-bot-token:read'],
} as const satisfies { environment: readonly EnvironmentVariable[]; needs: readonly Need[] };

const entry = (name: HandlerName) => `functions/handlers/${name}/index.ts`;

export const HANDLERS: readonly HandlerManifestEntry[] = [
  {
    name: 'normalize',
    entry: entry('normalize'),
    placeholder: 'NormalizeFunctionArn',
    environment: ['RULE_BOOK_CONFIG', 'CONFIG_READ_ROLE_NAME'],
    needs: ['config:get-history', 'config-read-role:assume'],
    timeoutSeconds: 20,
    memoryMb: 512,
  },
  {
    name: 'evaluate',
    entry: entry('evaluate'),
    placeholder: 'EvaluateFunctionArn',
    environment: ['RULE_BOOK_CONFIG'],
    needs: [],
    timeoutSeconds: 20,
    memoryMb: 1024,
  },
  {
    name: 'record',
    entry: entry('record'),
    placeholder: 'RecordFunctionArn',
    // NOTIFY_MIN_SEVERITY: Record decides what triage posts (and remediates); Notify posts what it gets.
    environment: ['TABLE_NAME', 'RULE_BOOK_CONFIG', 'NOTIFY_MIN_SEVERITY', 'HISTORY_TTL_DAYS'],
    // A deleted resource's findings: the pending approval of a fix is withdrawn (SendTaskFailure only).
    needs: ['states:fail-task'],
    table: [
      'findings.record',
      'suppressions.list',
      // A deletion: each resolution audited, the finding's pending approval decided `expired`.
      'audit.append',
      'approvals.get',
      'approvals.decide',
    ],
    timeoutSeconds: 30,
    memoryMb: 512,
  },
  {
    name: 'notify',
    entry: entry('notify'),
    placeholder: 'NotifyFunctionArn',
    environment: ['TABLE_NAME', 'TOPIC_ARN', 'SLACK_BOT_TOKEN_SECRET_ARN', 'SLACK_CHANNEL'],
    needs: ['notification-topic:publish', 'slack-bot-token:read', 'organizations:read'],
    table: ['findings.markNotified', ...SLACK_THREAD, ...DELIVERY_LEDGER],
    timeoutSeconds: 30,
    memoryMb: 512,
    // Slack allows about one message per second per channel: keep the fan-out bounded.
    reservedConcurrency: 5,
  },
  {
    name: 'plan',
    entry: entry('plan'),
    placeholder: 'PlanFunctionArn',
    environment: [
      'TABLE_NAME',
      'APPROVAL_TIMEOUT_SECONDS',
      'REMEDIATION_ENABLED',
      'REMEDIATION_READ_ROLE_NAME',
    ],
    // Some catalog entries read the resource first (`prepare`): read-only role, before any approval.
    // The table: Plan marks the finding's notice as having started its remediation (a conditional UpdateItem),
    // and claims the fix's one pending request, reading the holder's approval (table-schema.ts, pattern 14).
    needs: ['remediation-read-role:assume'],
    table: ['findings.markRemediationStarted', 'approvals.claimPending', 'approvals.get'],
    timeoutSeconds: 20,
    memoryMb: 512,
  },
  {
    name: 'request-approval',
    entry: entry('request-approval'),
    placeholder: 'RequestApprovalFunctionArn',
    environment: ['TABLE_NAME', ...SLACK_POSTER.environment, 'HISTORY_TTL_DAYS'],
    needs: [...SLACK_POSTER.needs],
    table: [
      'approvals.put',
      'audit.append',
      'findings.setLatestApproval',
      ...SLACK_THREAD,
      ...DELIVERY_LEDGER,
    ],
    timeoutSeconds: 30,
    memoryMb: 512,
  },
  {
    name: 'remediate',
    entry: entry('remediate'),
    placeholder: 'RemediateFunctionArn',
    environment: ['TABLE_NAME', 'REMEDIATION_ROLE_NAME', 'HISTORY_TTL_DAYS'],
    // The only function that may assume the write role (the ASL runs it after an approval only).
    needs: ['remediation-role:assume'],
    table: [
      // Re-reads the approval and claims its one execution (conditional UpdateItem), records the outcome.
      'approvals.get',
      // Re-reads the finding: no fix runs on a resource AWS Config recorded as deleted.
      'findings.get',
      'approvals.claimExecution',
      'approvals.recordExecution',
      'audit.append',
    ],
    timeoutSeconds: 120,
    memoryMb: 512,
    // A human approved each one; never more than a handful at once against member accounts.
    reservedConcurrency: 2,
  },
  {
    name: 'verify',
    entry: entry('verify'),
    placeholder: 'VerifyFunctionArn',
    environment: [
      'TABLE_NAME',
      'CONFIG_READ_ROLE_NAME',
      'REMEDIATION_READ_ROLE_NAME',
      'RULE_BOOK_CONFIG',
      'HISTORY_TTL_DAYS',
    ],
    // The catalog's verify reads go through the read-only remediation role; Config re-evaluation
    // through the Config read role.
    needs: ['config:get-history', 'config-read-role:assume', 'remediation-read-role:assume'],
    table: ['audit.append'],
    timeoutSeconds: 60,
    memoryMb: 512,
  },
  {
    name: 'notify-outcome',
    entry: entry('notify-outcome'),
    placeholder: 'NotifyOutcomeFunctionArn',
    environment: ['TABLE_NAME', ...SLACK_POSTER.environment, 'HISTORY_TTL_DAYS'],
    needs: [...SLACK_POSTER.needs],
    table: [
      // An approval that timed out is decided `expired` here; the card shows the finding's latest approval.
      'approvals.get',
      'approvals.decide',
      // Whatever the run's end, its claim of the fix's one pending request is released (pattern 14).
      'approvals.releasePending',
      'audit.append',
      ...SLACK_THREAD,
      ...DELIVERY_LEDGER,
    ],
    timeoutSeconds: 30,
    memoryMb: 512,
  },
  {
    name: 'gather-report',
    entry: entry('gather-report'),
    placeholder: 'GatherReportFunctionArn',
    environment: ['TABLE_NAME'],
    needs: ['organizations:read', 'cost-explorer:read'],
    table: ['findings.query', 'history.latest', 'suppressions.list', 'audit.list'],
    timeoutSeconds: 300,
    memoryMb: 1024,
  },
  {
    name: 'build-report',
    entry: entry('build-report'),
    placeholder: 'BuildReportFunctionArn',
    environment: ['TABLE_NAME', 'REPORT_BUCKET', 'REPORT_KMS_KEY_ARN', 'HISTORY_TTL_DAYS'],
    needs: ['report-bucket:write'],
    table: ['history.put'],
    timeoutSeconds: 120,
    memoryMb: 1024,
  },
  {
    name: 'publish-report',
    entry: entry('publish-report'),
    placeholder: 'PublishReportFunctionArn',
    environment: [
      'TABLE_NAME',
      'REPORT_BUCKET',
      'REPORT_KMS_KEY_ARN',
      'TOPIC_ARN',
      'SLACK_BOT_TOKEN_SECRET_ARN',
      'SLACK_CHANNEL',
    ],
    needs: ['report-bucket:write', 'notification-topic:publish', 'slack-bot-token:read'],
    table: [...DELIVERY_LEDGER],
    timeoutSeconds: 120,
    memoryMb: 512,
  },
  {
    name: 'approval-callback',
    entry: entry('approval-callback'),
    environment: [
      'TABLE_NAME',
      'TOPIC_ARN',
      'SLACK_BOT_TOKEN_SECRET_ARN',
      'SLACK_SIGNING_SECRET_ARN',
      'SLACK_CHANNEL',
      'APPROVERS',
      'HISTORY_TTL_DAYS',
    ],
    // The topic: an acknowledged finding's RESOLVED notice goes to SNS too, as every resolution's does.
    needs: [
      'notification-topic:publish',
      'slack-bot-token:read',
      'slack-signing-secret:read',
      'states:send-task-result',
    ],
    table: [
      'approvals.get',
      'approvals.decide',
      'approvals.undo',
      'approvals.replaceDecision',
      'suppressions.put',
      'audit.append',
      // The Acknowledge button of a one-off finding (approvals/acknowledge.ts): one conditional UpdateItem,
      // then its RESOLVED notice sent as Notify sends it (delivery records) and marked delivered.
      'findings.acknowledge',
      'findings.markNotified',
      ...SLACK_THREAD,
      ...DELIVERY_LEDGER,
    ],
    timeoutSeconds: 10,
    memoryMb: 512,
    // Public function URL (the handler verifies Slack's signature): cap what a flood can cost.
    reservedConcurrency: 10,
    exposure: 'function-url',
  },
];

export function handlerEntry(name: HandlerName): HandlerManifestEntry {
  const found = HANDLERS.find((h) => h.name === name);
  if (!found) throw new Error(`no handler named ${name} in the manifest`);
  return found;
}
