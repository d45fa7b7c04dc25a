import {
  Annotations,
  CfnOutput,
  CfnStackSet,
  Duration,
  Fn,
  Stack,
  type StackProps,
  TimeZone,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { REJECTED_REQUEST_MESSAGE } from '../../functions/approvals/endpoint';
import {
  type EnvironmentVariable,
  HANDLERS,
  type HandlerManifestEntry,
  type HandlerName,
  type Need,
} from '../../functions/handlers/manifest';
import { RuleBook } from '../../functions/rulebook/engine';
import {
  encodeApprovers,
  type InfraConfig,
  unacknowledgeableSeverities,
  unapprovableSeverities,
} from '../config';
import { acceptFinding } from '../constructs/accepted-findings';
import { Alarms } from '../constructs/alarms';
import { CentralBus } from '../constructs/central-bus';
import { CheckerFunction } from '../constructs/checker-function';
import { DeadLetterQueue } from '../constructs/dead-letter-queue';
import { FindingsTable } from '../constructs/findings-table';
import { grantNeeds, grantTableAccess } from '../constructs/grants';
import { IngestionRules } from '../constructs/ingestion-rules';
import { KeyRing } from '../constructs/keys';
import { NotificationTopic } from '../constructs/notification-topic';
import { ReportBucket } from '../constructs/report-bucket';
import { Workflow } from '../constructs/workflow';
import { ingestionPatterns } from '../event-patterns';
import {
  CONFIG_READ_ROLE_NAME,
  MEMBER_PARAMETERS,
  REMEDIATION_READ_ROLE_NAME,
  REMEDIATION_ROLE_NAME,
} from './member-stack';

export interface CentralStackProps extends StackProps {
  config: InfraConfig;
  /** The member-account template (JSON), embedded in the service-managed StackSet. */
  memberTemplateBody: string;
}

/**
 * The central (security-tooling account) stack: keys, findings table, topic, dead-letter queue,
 * report bucket, the two Slack secrets (bot token; signing secret), one function per manifest entry, the three workflows, the org-scoped
 * bus with its ingestion rules (and the same rules on the account's default bus), the weekly
 * schedule, alarms, the Slack interactivity endpoint, and the StackSet that rolls the member stack
 * out to the organization. Wiring only: behaviour lives in the constructs.
 */
export class CentralStack extends Stack {
  readonly functions = new Map<HandlerName, CheckerFunction>();
  readonly workflows: { triage: Workflow; remediation: Workflow; weeklyReport: Workflow };

  constructor(scope: Construct, id: string, props: CentralStackProps) {
    super(scope, id, props);
    const { config } = props;
    const logRetention = config.logRetentionDays as RetentionDays;

    const keys = new KeyRing(this, 'Keys');
    const table = new FindingsTable(this, 'Findings', { key: keys.data });
    const topic = new NotificationTopic(this, 'Notifications', { key: keys.messaging });
    const deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      key: keys.messaging,
      watchedBy:
        'an alarm to the findings topic fires on its first message instead (it collects the EventBridge rule ' +
        'and Scheduler target failures and what the workflow Catch states send)',
    });
    const reports = new ReportBucket(this, 'Reports', { key: keys.data });
    // Two secrets, so that only the approval callback can read the signing secret: with it, anyone
    // could sign a request as Slack and forge an approver's click. The bot token only posts. Each is
    // KMS-encrypted with a generated placeholder: the value is set after the deploy, never in the template.
    const slackCredential = (id: string, description: string) =>
      new Secret(this, id, {
        description,
        encryptionKey: keys.data,
        generateSecretString: { excludePunctuation: true, passwordLength: 32 },
      });
    const slackBotToken = slackCredential(
      'SlackBotToken',
      'Slack bot token (xoxb-…) of the compliance bot app, as plain text; read by the functions that post ' +
        'to Slack. Set it after the first deploy: the generated value is no token.',
    );
    const slackSigningSecret = slackCredential(
      'SlackSigningSecret',
      'Slack app signing secret of the compliance bot, as plain text; read only by the approval callback, which ' +
        "verifies Slack's requests with it. Set it after the first deploy: the generated value matches no Slack request.",
    );

    const unapprovable = unapprovableSeverities(config);
    if (unapprovable.length > 0) {
      Annotations.of(this).addWarningV2(
        'compliance-bot:no-approvers',
        `Nobody may approve fixes of ${unapprovable.join(', ')} findings: complianceBot.slack.approvers lists no Slack user for ` +
          `${unapprovable.length === 1 ? 'that severity' : 'those severities'}, so their approval requests can only expire. ` +
          'Add approvers, raise notifyMinSeverity, or set remediation.enabled to false.',
      );
    }
    const unacknowledgeable = unacknowledgeableSeverities(config);
    if (unacknowledgeable.length > 0) {
      const those = unacknowledgeable.length === 1 ? 'that severity' : 'those severities';
      Annotations.of(this).addWarningV2(
        'compliance-bot:no-acknowledgers',
        `One-off findings of ${unacknowledgeable.join(', ')} severity (root sign-ins, API-call findings, cost anomalies) ` +
          `cannot be acknowledged in Slack: complianceBot.slack.approvers lists no Slack user for ${those}, and only an ` +
          "approver of a finding's severity may press Acknowledge, so they stay open (no later event closes them). " +
          `Add approvers for ${those}, or raise notifyMinSeverity.`,
      );
    }

    // Remediation off: neither member remediation role exists, so no function may assume one.
    const remediationRoleName = config.remediation.enabled ? REMEDIATION_ROLE_NAME : undefined;
    const remediationReadRoleName = config.remediation.enabled ? REMEDIATION_READ_ROLE_NAME : undefined;
    // Keyed by name, not by the EnvironmentVariable union, so a variable added to the manifest
    // without a value here fails the synth by name (environmentFor) instead of being left unset.
    const environmentValues: Record<string, string | undefined> = {
      TABLE_NAME: table.table.tableName,
      TOPIC_ARN: topic.topic.topicArn,
      SLACK_BOT_TOKEN_SECRET_ARN: slackBotToken.secretArn,
      SLACK_SIGNING_SECRET_ARN: slackSigningSecret.secretArn,
      SLACK_CHANNEL: config.slack.channelId,
      APPROVERS: encodeApprovers(config),
      NOTIFY_MIN_SEVERITY: config.notifyMinSeverity,
      APPROVAL_TIMEOUT_SECONDS: String(config.approvalTimeoutSeconds),
      REMEDIATION_ENABLED: String(config.remediation.enabled),
      REPORT_BUCKET: reports.bucket.bucketName,
      REPORT_KMS_KEY_ARN: keys.data.keyArn,
      REMEDIATION_ROLE_NAME: remediationRoleName,
      REMEDIATION_READ_ROLE_NAME: remediationReadRoleName,
      CONFIG_READ_ROLE_NAME,
      RULE_BOOK_CONFIG: JSON.stringify(config.ruleBookInput),
      HISTORY_TTL_DAYS: String(config.historyRetentionDays),
    };
    for (const handler of HANDLERS) {
      this.functions.set(
        handler.name,
        new CheckerFunction(this, constructId(handler.name), {
          entry: handler.entry,
          description: `compliance bot: ${handler.name}`,
          serviceName: `compliance-bot-${handler.name}`,
          environment: environmentFor(handler, environmentValues),
          timeout: Duration.seconds(handler.timeoutSeconds),
          memorySize: handler.memoryMb,
          reservedConcurrency: handler.reservedConcurrency,
          logRetention,
          logKey: keys.logs,
        }),
      );
    }
    const lambdas = new Map<HandlerName, IFunction>(
      [...this.functions].map(([name, fn]) => [name, fn.function]),
    );
    const deadLetterTarget = { 'dead-letter': { queue: deadLetters.queue, key: keys.messaging } };

    const remediation = new Workflow(this, 'RemediationWorkflow', {
      name: 'remediation',
      functions: lambdas,
      queues: deadLetterTarget,
      logKey: keys.logs,
      logRetention,
      // The approval wait plus room for planning, remediation and verification.
      timeout: Duration.seconds(config.approvalTimeoutSeconds).plus(Duration.hours(1)),
    });
    const triage = new Workflow(this, 'TriageWorkflow', {
      name: 'triage',
      functions: lambdas,
      stateMachines: { remediation: remediation.stateMachine },
      queues: deadLetterTarget,
      logKey: keys.logs,
      logRetention,
      logLevel: config.triageLogLevel,
      timeout: Duration.minutes(5),
    });
    const weeklyReport = new Workflow(this, 'WeeklyReportWorkflow', {
      name: 'weekly-report',
      functions: lambdas,
      queues: deadLetterTarget,
      logKey: keys.logs,
      logRetention,
      timeout: Duration.hours(1),
    });
    this.workflows = { triage, remediation, weeklyReport };

    for (const handler of HANDLERS) {
      const fn = this.functions.get(handler.name)!;
      grantTableAccess(fn, handler.table ?? [], { table: table.table, key: keys.data });
      grantNeeds(fn, handler.needs, {
        topic: { topic: topic.topic, key: keys.messaging },
        slackBotToken: { secret: slackBotToken, key: keys.data },
        slackSigningSecret: { secret: slackSigningSecret, key: keys.data },
        reportBucket: { bucket: reports.bucket, key: keys.data },
        deadLetterQueue: { queue: deadLetters.queue, key: keys.messaging },
        remediationStateMachine: remediation.stateMachine,
        organizationId: config.organization.id,
        remediationRoleName,
        remediationReadRoleName,
        configReadRoleName: CONFIG_READ_ROLE_NAME,
      });
    }

    // Slack interactivity: a function URL with no IAM auth, because Slack cannot sign AWS requests;
    // the handler verifies Slack's v0 HMAC signature and timestamp on the raw body itself.
    const approvalEndpoint = this.functions
      .get('approval-callback')!
      .function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });

    const bus = new CentralBus(this, 'CentralBus', { organizationId: config.organization.id });
    new IngestionRules(this, 'Ingestion', {
      buses: [
        { id: 'Central', bus: bus.bus },
        { id: 'Default', bus: EventBus.fromEventBusName(this, 'DefaultBus', 'default') },
      ],
      patterns: ingestionPatterns(new RuleBook(undefined, config.ruleBook)),
      target: triage.stateMachine,
      deadLetterQueue: deadLetters.queue,
    });

    // Scheduler sends undeliverable starts to the KMS-encrypted DLQ with this role, so it needs the key too.
    const schedulerRole = new Role(this, 'WeeklyReportSchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'EventBridge Scheduler: start the weekly report workflow',
    });
    keys.messaging.grant(schedulerRole, 'kms:Decrypt', 'kms:GenerateDataKey');
    new Schedule(this, 'WeeklyReportSchedule', {
      description: 'Weekly Well-Architected pillar report',
      schedule: ScheduleExpression.expression(
        config.reportSchedule.expression,
        TimeZone.of(config.reportSchedule.timezone),
      ),
      target: new StepFunctionsStartExecution(weeklyReport.stateMachine, {
        role: schedulerRole,
        // GatherReport reports the ISO week of the day before this time: Monday 08:00 reports the
        // week that just ended.
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        deadLetterQueue: deadLetters.queue,
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
      }),
    });

    new Alarms(this, 'Alarms', {
      topic: topic.topic,
      deadLetterQueue: deadLetters.queue,
      stateMachines: [
        { name: 'triage', stateMachine: triage.stateMachine },
        { name: 'remediation', stateMachine: remediation.stateMachine },
        { name: 'weekly-report', stateMachine: weeklyReport.stateMachine },
      ],
      approvalEndpoint: {
        function: this.functions.get('approval-callback')!.function,
        logGroup: this.functions.get('approval-callback')!.logGroup,
        rejectedMessage: REJECTED_REQUEST_MESSAGE,
      },
    });

    // The member roles trust exactly the functions whose manifest needs them: the write role only
    // remediate, the read-only remediation role plan and verify.
    const rolesNeeding = (need: Need) =>
      HANDLERS.filter((h) => h.needs.includes(need)).map((h) => this.functions.get(h.name)!.role.roleArn);
    const remediators = rolesNeeding('remediation-role:assume');
    const remediationReaders = rolesNeeding('remediation-read-role:assume');
    const configReaders = HANDLERS.filter((h) => needsConfigReadRole(h)).map(
      (h) => this.functions.get(h.name)!.role.roleArn,
    );
    const memberParameterValues: Record<string, string> = {
      [MEMBER_PARAMETERS.centralBusArn]: bus.bus.eventBusArn,
      [MEMBER_PARAMETERS.remediationPrincipalArn]: Fn.join(',', remediators),
      [MEMBER_PARAMETERS.remediationReaderPrincipalArns]: Fn.join(',', remediationReaders),
      [MEMBER_PARAMETERS.configReaderPrincipalArns]: Fn.join(',', configReaders),
    };
    new CfnStackSet(this, 'MemberStackSet', {
      stackSetName: `${this.stackName}-member`,
      description: 'Compliance bot member accounts: event forwarding to the central bus, remediation roles',
      permissionModel: 'SERVICE_MANAGED',
      callAs: config.organization.stackSetCallAs,
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      operationPreferences: {
        regionConcurrencyType: 'PARALLEL',
        maxConcurrentPercentage: 25,
        failureTolerancePercentage: 10,
      },
      parameters: stackSetParameters(props.memberTemplateBody, memberParameterValues),
      stackInstancesGroup: [
        {
          deploymentTargets: { organizationalUnitIds: config.organization.targetOrganizationalUnitIds },
          regions: config.regions,
        },
      ],
      templateBody: props.memberTemplateBody,
    });

    new CfnOutput(this, 'SlackInteractivityUrl', {
      description: 'Paste into the Slack app: Interactivity & Shortcuts > Request URL',
      value: approvalEndpoint.url,
    });
    new CfnOutput(this, 'CentralEventBusArn', { value: bus.bus.eventBusArn });
    new CfnOutput(this, 'SlackBotTokenSecretArn', {
      description: "Put the Slack app's bot token (xoxb-…) here, as plain text",
      value: slackBotToken.secretArn,
    });
    new CfnOutput(this, 'SlackSigningSecretArn', {
      description: "Put the Slack app's signing secret here, as plain text",
      value: slackSigningSecret.secretArn,
    });
    new CfnOutput(this, 'FindingsTopicArn', { value: topic.topic.topicArn });
    new CfnOutput(this, 'ReportBucketName', { value: reports.bucket.bucketName });
    // For replaying dead letters (infra/README, "Dead letters"): read the queue, start triage again.
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: deadLetters.queue.queueUrl });
    new CfnOutput(this, 'TriageWorkflowArn', { value: triage.stateMachine.stateMachineArn });

    const noRotation =
      'The Slack bot token and signing secret are issued by Slack and can only be regenerated in the Slack app ' +
      'settings; a Secrets Manager rotation function cannot rotate them. Rotate in Slack, then update the secret';
    for (const secret of [slackBotToken, slackSigningSecret]) {
      Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: noRotation });
      acceptFinding(secret, 'secretsmanager-secret-rotation-enabled', noRotation);
    }
  }
}

/** The handler reads member accounts' Config history through the member read role. */
export function needsConfigReadRole(handler: HandlerManifestEntry): boolean {
  return (handler.needs as readonly string[]).includes('config-read-role:assume');
}

/**
 * The StackSet's parameters: exactly those the member template declares, each with its value from
 * `values`. Passing one the template does not declare fails every stack instance; declaring one
 * nothing uses is a validation warning; so the template decides. Throws (at synth) when the
 * template declares a parameter `values` has no value for.
 */
export function stackSetParameters(
  templateBody: string,
  values: Readonly<Record<string, string>>,
): CfnStackSet.ParameterProperty[] {
  const declared = Object.keys((JSON.parse(templateBody) as { Parameters?: object }).Parameters ?? {});
  return declared.map((parameterKey) => {
    const parameterValue = values[parameterKey];
    if (parameterValue === undefined) {
      throw new Error(
        `The member template declares parameter ${parameterKey}, which the StackSet has no value for`,
      );
    }
    return { parameterKey, parameterValue };
  });
}

/** `request-approval` -> `RequestApproval`: the construct id of a handler's function. */
export function constructId(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Variables a handler may do without (they are left unset when the feature is off). */
const OPTIONAL_VARIABLES: ReadonlySet<EnvironmentVariable | string> = new Set([
  'REMEDIATION_ROLE_NAME',
  'REMEDIATION_READ_ROLE_NAME',
]);

function environmentFor(
  handler: HandlerManifestEntry,
  values: Record<string, string | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of handler.environment) {
    const value = values[name];
    if (value !== undefined) out[name] = value;
    else if (!OPTIONAL_VARIABLES.has(name)) {
      throw new Error(`the central stack has no value for ${name} (needed by the ${handler.name} function)`);
    }
  }
  // Lambda allows 4 KB of environment per function; a large ruleBook config is the usual culprit.
  const bytes = Object.entries(out).reduce(
    (sum, [key, value]) => sum + key.length + (Token.isUnresolved(value) ? 256 : Buffer.byteLength(value)),
    64,
  );
  if (bytes > 4096) {
    throw new Error(
      `the ${handler.name} function's environment is about ${bytes} bytes, over Lambda's 4 KB limit ` +
        '(shorten complianceBot.ruleBook)',
    );
  }
  return out;
}
