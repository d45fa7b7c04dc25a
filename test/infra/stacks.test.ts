import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { sessionName } from '../../functions/adapters/aws/remediation-executor';
import { SESSION_NAME_PREFIX } from '../../functions/adapters/aws/session-name';
import { TABLE_SCHEMA } from '../../functions/adapters/aws/table-schema';
import { HANDLERS } from '../../functions/handlers/manifest';
import { RuleBook } from '../../functions/rulebook/engine';
import { getRemediation, remediationRecheckActions } from '../../functions/rulebook/remediations/index';
import { waitsForTaskToken } from '../../infra/constructs/workflow';
import {
  configResourceTypes,
  eventPatternLength,
  ingestionPatterns,
  renderEventPattern,
} from '../../infra/event-patterns';
import {
  administratorAccessArn,
  remediationReadActions,
  remediationRoleActions,
  remediationWriteActions,
  supportsResourceAccount,
} from '../../infra/remediation-actions';
import { needsConfigReadRole, stackSetParameters } from '../../infra/stacks/central-stack';
import {
  CONFIG_READ_ROLE_NAME,
  FORWARDING_DEAD_LETTER_QUEUE_NAME,
  FORWARDING_RULE_NAME_PREFIX,
  forwardingRuleName,
  MemberStack,
  REMEDIATION_READ_ROLE_NAME,
  REMEDIATION_ROLE_NAME,
} from '../../infra/stacks/member-stack';
import { placeholdersIn } from '../../statemachines/placeholders';
import { CASES } from '../remediations/cases';
import { DEFAULT_CONFIG, resourcesOf, type Synthesized, synthesize } from './support';

type Json = Record<string, unknown>;
type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: Json };

/** The member template's parameters: the read-role list only when a manifest function needs it. */
const CONFIG_READERS = HANDLERS.filter(needsConfigReadRole).map((h) => h.name);
const MEMBER_PARAMETER_NAMES = [
  'CentralEventBusArn',
  ...(CONFIG_READERS.length > 0 ? ['ConfigReaderPrincipalArns'] : []),
  'RemediationPrincipalArn',
  'RemediationReaderPrincipalArns',
];

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const statementsOf = (template: Json): Statement[] =>
  Object.values(resourcesOf(template, 'AWS::IAM::Policy')).flatMap(
    (policy) => (policy.Properties!.PolicyDocument as { Statement: Statement[] }).Statement,
  );
/** `arn:<partition>:iam::*:role/<name>` as the template writes it. */
const memberRoleArn = (name: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::*:role/${name}`]],
});
/** The role ARNs a function may assume (resources of its sts:AssumeRole statements). */
function assumable(template: Json, handler: string): unknown[] {
  return functionStatements(template, handler)
    .filter((st) => asList(st.Action).includes('sts:AssumeRole'))
    .flatMap((st) => asList(st.Resource));
}
/** The member role with that name, its trust statements and its granted statements. */
/** `aws:ResourceAccount` = the account the member stack is deployed in. */
const OWN_ACCOUNT = { Ref: 'AWS::AccountId' };

function memberRole(template: Json, name: string) {
  const [role] = Object.values(resourcesOf(template, 'AWS::IAM::Role')).filter(
    (r) => r.Properties?.RoleName === name,
  );
  const trust = (role?.Properties?.AssumeRolePolicyDocument as { Statement: Statement[] } | undefined)
    ?.Statement;
  const policies = (role?.Properties?.Policies ?? []) as Array<{
    PolicyDocument: { Statement: Statement[] };
  }>;
  return { role, trust, statements: policies.flatMap((p) => p.PolicyDocument.Statement) };
}
/** The value the StackSet passes for one member parameter, as JSON text. */
function stackSetParameter(template: Json, key: string): string {
  const [stackSet] = Object.values(resourcesOf(template, 'AWS::CloudFormation::StackSet'));
  return JSON.stringify((stackSet!.Properties!.Parameters as Json[]).find((x) => x.ParameterKey === key));
}

/** The execution role's inline policy statements of one manifest function. */
function functionStatements(template: Json, handler: string): Statement[] {
  const prefix = handler
    .split('-')
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
  const policies = Object.entries(resourcesOf(template, 'AWS::IAM::Policy')).filter(([id]) =>
    id.startsWith(`${prefix}RoleDefaultPolicy`),
  );
  expect(policies, `policy of ${handler}`).toHaveLength(1);
  return (policies[0]![1].Properties!.PolicyDocument as { Statement: Statement[] }).Statement;
}

describe('central stack', () => {
  it('creates one function per manifest entry with the house defaults', () => {
    const functions = Object.values(resourcesOf(s.centralJson, 'AWS::Lambda::Function'));
    expect(functions).toHaveLength(HANDLERS.length);
    for (const handler of HANDLERS) {
      const fn = functions.find((f) => f.Properties?.Description === `compliance bot: ${handler.name}`);
      expect(fn, handler.name).toBeDefined();
      const p = fn!.Properties!;
      expect(p.Runtime).toBe('nodejs22.x');
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.TracingConfig).toEqual({ Mode: 'Active' });
      expect(p.MemorySize).toBe(handler.memoryMb);
      expect(p.Timeout).toBe(handler.timeoutSeconds);
      expect(p.ReservedConcurrentExecutions).toBe(handler.reservedConcurrency);
      expect((p.LoggingConfig as Json).LogGroup).toBeDefined();
      const variables = (p.Environment as { Variables: Json }).Variables;
      // Exactly the manifest's variables plus the Powertools pair: nothing a handler does not read.
      expect(Object.keys(variables).sort()).toEqual(
        ['POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME', ...handler.environment]
          .filter(
            (name) =>
              !['REMEDIATION_ROLE_NAME', 'REMEDIATION_READ_ROLE_NAME'].includes(name) ||
              s.config.remediation.enabled,
          )
          .sort(),
      );
      expect(variables.POWERTOOLS_SERVICE_NAME).toBe(`compliance-bot-${handler.name}`);
    }
  });

  it('gives every function its own KMS-encrypted log group with retention', () => {
    const groups = Object.values(resourcesOf(s.centralJson, 'AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(HANDLERS.length + 3);
    for (const group of groups) {
      expect(group.Properties?.RetentionInDays).toBe(s.config.logRetentionDays);
      expect(group.Properties?.KmsKeyId).toBeDefined();
    }
  });

  it('passes the Slack secrets by ARN, never their values', () => {
    const text = JSON.stringify(resourcesOf(s.centralJson, 'AWS::Lambda::Function'));
    expect(text).not.toMatch(/xoxb-|signingSecret|SecretString/);
    s.centralTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          SLACK_BOT_TOKEN_SECRET_ARN: { Ref: Match.stringLikeRegexp('^SlackBotToken') },
          SLACK_SIGNING_SECRET_ARN: { Ref: Match.stringLikeRegexp('^SlackSigningSecret') },
        }),
      },
    });
    // Two KMS-encrypted secrets with generated placeholders (no value in the template).
    const secrets = Object.values(resourcesOf(s.centralJson, 'AWS::SecretsManager::Secret'));
    expect(secrets).toHaveLength(2);
    for (const secret of secrets) {
      expect(secret.Properties?.KmsKeyId).toBeDefined();
      expect(secret.Properties?.SecretString).toBeUndefined();
      expect(secret.Properties?.GenerateSecretString).toBeDefined();
    }
  });

  it('lets only the approval callback read the Slack signing secret; the posting functions read only the bot token', () => {
    /** The secrets (logical ids) a function may read. */
    const readable = (handler: string) =>
      functionStatements(s.centralJson, handler)
        .filter((st) => asList(st.Action).includes('secretsmanager:GetSecretValue'))
        .flatMap((st) => asList(st.Resource))
        .map((r) => (r as { Ref: string }).Ref.replace(/[0-9A-F]{8}$/, ''))
        .sort();
    const byHandler = Object.fromEntries(HANDLERS.map((h) => [h.name, readable(h.name)]));
    expect(byHandler['approval-callback']).toEqual(['SlackBotToken', 'SlackSigningSecret']);
    for (const name of ['notify', 'request-approval', 'notify-outcome', 'publish-report']) {
      expect(byHandler[name], name).toEqual(['SlackBotToken']);
    }
    for (const [name, secrets] of Object.entries(byHandler)) {
      if (name !== 'approval-callback') expect(secrets, name).not.toContain('SlackSigningSecret');
    }
    // And only it gets the signing secret's ARN.
    for (const h of HANDLERS) {
      expect(h.environment.includes('SLACK_SIGNING_SECRET_ARN'), h.name).toBe(h.name === 'approval-callback');
    }
  });

  it('sets per-severity approvers and the remediation switch from the config', () => {
    s.centralTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'compliance bot: approval-callback',
      Environment: {
        Variables: Match.objectLike({
          APPROVERS: JSON.stringify({
            critical: ['U0123456789'],
            high: ['U0123456789'],
            medium: ['U0123456789'],
            low: [],
            info: [],
          }),
        }),
      },
    });
  });

  it('gives the minimum severity to notify to the Record function only (it decides what triage posts)', () => {
    const withVariable = Object.values(resourcesOf(s.centralJson, 'AWS::Lambda::Function')).filter(
      (f) => (f.Properties!.Environment as { Variables: Json }).Variables.NOTIFY_MIN_SEVERITY !== undefined,
    );
    expect(withVariable.map((f) => f.Properties?.Description)).toEqual(['compliance bot: record']);
    expect(DEFAULT_CONFIG.notifyMinSeverity).toBe('medium');
    s.centralTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'compliance bot: record',
      Environment: { Variables: Match.objectLike({ NOTIFY_MIN_SEVERITY: 'medium' }) },
    });
  });

  it('exposes only the approval callback through a function URL (Slack signs, not IAM)', () => {
    const urls = Object.values(resourcesOf(s.centralJson, 'AWS::Lambda::Url'));
    expect(urls).toHaveLength(1);
    expect(urls[0]!.Properties).toMatchObject({
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [expect.stringMatching(/^ApprovalCallback/), 'Arn'] },
    });
  });

  it('encrypts with customer keys that rotate', () => {
    const keys = Object.values(resourcesOf(s.centralJson, 'AWS::KMS::Key'));
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(key.Properties?.EnableKeyRotation).toBe(true);
    s.centralTemplate.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    s.centralTemplate.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
  });

  it('builds the findings table from the adapter’s schema: on-demand, PITR, CMK, TTL', () => {
    const tables = Object.values(resourcesOf(s.centralJson, 'AWS::DynamoDB::GlobalTable'));
    expect(tables).toHaveLength(1);
    const p = tables[0]!.Properties!;
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: TABLE_SCHEMA.ttlAttribute, Enabled: true });
    expect(p.KeySchema).toEqual([
      { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
    ]);
    expect((p.GlobalSecondaryIndexes as Json[]).map((i) => i.IndexName)).toEqual(
      TABLE_SCHEMA.indexes.map((i) => i.name),
    );
    const replica = (p.Replicas as Json[])[0]!;
    expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(replica.SSESpecification).toEqual({
      KMSMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/DataKey/), 'Arn'] },
    });
    expect(replica.DeletionProtectionEnabled).toBe(true);
  });

  it('configures the report bucket like seed 001 and logs access to a separate bucket', () => {
    s.centralTemplate.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('AccessLogs') } },
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Status: 'Enabled',
            ExpirationInDays: 365,
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 90 },
              { StorageClass: 'GLACIER', TransitionInDays: 180 },
            ],
          }),
        ],
      },
    });
    // Both buckets refuse plain HTTP.
    const policies = Object.values(resourcesOf(s.centralJson, 'AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('lets only the organization put events on the central bus', () => {
    s.centralTemplate.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Principal: { AWS: '*' },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': DEFAULT_CONFIG.organization.id } },
        Resource: Match.anyValue(),
      },
    });
  });

  it('listens on the central bus and the default bus with the same filters, DLQ and retries', () => {
    const rules = Object.values(resourcesOf(s.centralJson, 'AWS::Events::Rule'));
    const onCentral = rules.filter((r) => r.Properties?.EventBusName !== 'default');
    const onDefault = rules.filter((r) => r.Properties?.EventBusName === 'default');
    expect(onCentral.length).toBeGreaterThan(0);
    expect(onCentral.map((r) => r.Properties?.EventPattern)).toEqual(
      onDefault.map((r) => r.Properties?.EventPattern),
    );
    for (const rule of rules) {
      const [target] = rule.Properties!.Targets as Json[];
      expect(target).toMatchObject({
        Arn: { Ref: expect.stringMatching(/^TriageWorkflowStateMachine/) },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^DeadLetters/), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 },
        RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^IngestionStartTriageRole/), 'Arn'] },
      });
    }
  });

  it('lets EventBridge start the triage workflow only for this account’s rules', () => {
    const [role] = Object.entries(resourcesOf(s.centralJson, 'AWS::IAM::Role')).filter(([id]) =>
      id.startsWith('IngestionStartTriageRole'),
    );
    expect(role![1].Properties!.AssumeRolePolicyDocument).toMatchObject({
      Statement: [
        {
          Principal: { Service: 'events.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ],
    });
  });

  it('filters Config changes to supported types, including oversized notifications', () => {
    const types = configResourceTypes(new RuleBook(undefined, s.config.ruleBook));
    // One rule per bus while the type list fits one pattern; several with disjoint parts of it beyond.
    const configRules = Object.values(resourcesOf(s.centralJson, 'AWS::Events::Rule')).filter(
      (r) =>
        r.Properties?.EventBusName === 'default' &&
        (r.Properties.Name as string).startsWith('ComplianceBot-ingest-Default-ConfigItemChanges'),
    );
    expect(configRules.length).toBeGreaterThan(0);
    const listed = configRules.flatMap((r) => {
      const pattern = r.Properties!.EventPattern as { detail: { $or: Json[] } };
      expect(pattern).toMatchObject({
        source: ['aws.config'],
        'detail-type': ['Config Configuration Item Change'],
      });
      const [normal, oversized] = pattern.detail.$or as [
        { configurationItem: { resourceType: string[] } },
        { configurationItemSummary: { resourceType: string[] } },
      ];
      expect(oversized.configurationItemSummary.resourceType).toEqual(normal.configurationItem.resourceType);
      return normal.configurationItem.resourceType;
    });
    expect(listed).toEqual(types);
  });

  it('gives every EventBridge rule, central and member, an event pattern within 2,048 characters as deployed', () => {
    // EventBridge quota "Event pattern size": 2,048 characters; CloudFormation sends the template's
    // EventPattern as compact JSON (eventPatternLength).
    const rules = [s.centralJson, s.memberJson].flatMap((template) =>
      Object.values(resourcesOf(template, 'AWS::Events::Rule')),
    );
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const pattern = rule.Properties!.EventPattern;
      expect(pattern, String(rule.Properties!.Name)).toBeDefined();
      expect(JSON.stringify(pattern), String(rule.Properties!.Name)).not.toMatch(/"(Ref|Fn::[A-Za-z]+)"/);
      expect(eventPatternLength(pattern), String(rule.Properties!.Name)).toBeLessThanOrEqual(2048);
    }
  });

  it('filters CloudTrail activity exactly as the rule book derives it: successes, no wildcard names', () => {
    const expected = ingestionPatterns(new RuleBook(undefined, s.config.ruleBook)).map((p) =>
      renderEventPattern(p.pattern),
    );
    const onDefault = Object.values(resourcesOf(s.centralJson, 'AWS::Events::Rule'))
      .filter((r) => r.Properties?.EventBusName === 'default')
      .map((r) => r.Properties?.EventPattern);
    expect(onDefault).toEqual(expected);
    for (const pattern of onDefault as Array<{ 'detail-type'?: string[]; detail?: Json }>) {
      const apiCalls = pattern['detail-type']?.includes('AWS API Call via CloudTrail');
      const names = (pattern.detail?.eventName ?? []) as string[];
      if (apiCalls && names.length > 0) {
        expect(pattern.detail?.errorCode).toEqual([{ exists: false }]);
        expect(names).not.toContain('*');
      }
    }
  });

  it('runs triage as Express and the human-facing workflows as Standard, with X-Ray and execution data except where a task token would be logged', () => {
    const machines = resourcesOf(s.centralJson, 'AWS::StepFunctions::StateMachine');
    const machine = (prefix: string) => Object.entries(machines).find(([id]) => id.startsWith(prefix))![1];
    expect(machine('TriageWorkflow').Properties?.StateMachineType).toBe('EXPRESS');
    expect(machine('RemediationWorkflow').Properties?.StateMachineType).toBe('STANDARD');
    expect(machine('WeeklyReportWorkflow').Properties?.StateMachineType).toBe('STANDARD');
    // Triage runs per event: errors only by default; the rare, audited workflows log every state.
    expect(machine('TriageWorkflow').Properties?.LoggingConfiguration).toMatchObject({ Level: 'ERROR' });
    expect(machine('RemediationWorkflow').Properties?.LoggingConfiguration).toMatchObject({ Level: 'ALL' });
    expect(machine('WeeklyReportWorkflow').Properties?.LoggingConfiguration).toMatchObject({ Level: 'ALL' });
    for (const m of Object.values(machines)) {
      expect(m.Properties?.TracingConfiguration).toEqual({ Enabled: true });
    }
    expect(machine('TriageWorkflow').Properties?.LoggingConfiguration).toMatchObject({
      IncludeExecutionData: true,
    });
    expect(machine('WeeklyReportWorkflow').Properties?.LoggingConfiguration).toMatchObject({
      IncludeExecutionData: true,
    });
    // RequestApproval's input holds the task token ($$.Task.Token): it must never reach the logs.
    expect(machine('RemediationWorkflow').Properties?.LoggingConfiguration).toMatchObject({
      IncludeExecutionData: false,
    });
  });

  it('knows which definitions carry a task token in a task input', () => {
    const read = (f: string) => readFileSync(join(__dirname, '..', '..', 'statemachines', f), 'utf8');
    expect(waitsForTaskToken(read('remediation.asl.json'))).toBe(true);
    expect(waitsForTaskToken(read('triage.asl.json'))).toBe(false);
    expect(waitsForTaskToken(read('weekly-report.asl.json'))).toBe(false);
  });

  it('logs every triage state when the config asks for ALL', () => {
    const verbose = synthesize({ triageLogLevel: 'ALL' }, { nag: false });
    const machines = resourcesOf(verbose.centralJson, 'AWS::StepFunctions::StateMachine');
    const triage = Object.entries(machines).find(([id]) => id.startsWith('TriageWorkflow'))![1];
    expect(triage.Properties?.LoggingConfiguration).toMatchObject({ Level: 'ALL' });
  });

  it('fills every placeholder of every ASL definition, with a real value', () => {
    const machines = Object.values(resourcesOf(s.centralJson, 'AWS::StepFunctions::StateMachine'));
    expect(machines).toHaveLength(3);
    for (const machine of machines) {
      const definition = machine.Properties?.DefinitionString as string;
      expect(typeof definition).toBe('string');
      const substitutions = (machine.Properties?.DefinitionSubstitutions ?? {}) as Json;
      const used = placeholdersIn(definition);
      expect(used.length).toBeGreaterThan(0);
      for (const name of used) {
        expect(substitutions[name], `\${${name}}`).toBeDefined();
        expect(JSON.stringify(substitutions[name])).toMatch(/Ref|Fn::GetAtt/);
      }
      expect(Object.keys(substitutions).sort()).toEqual(used);
      expect(JSON.parse(definition).TimeoutSeconds).toBeGreaterThan(0);
    }
  });

  it('lets each workflow invoke exactly the functions its ASL names', () => {
    for (const [prefix, file] of [
      ['TriageWorkflowStateMachineRoleDefaultPolicy', 'triage'],
      ['RemediationWorkflowStateMachineRoleDefaultPolicy', 'remediation'],
      ['WeeklyReportWorkflowStateMachineRoleDefaultPolicy', 'weekly-report'],
    ] as const) {
      const policy = Object.entries(resourcesOf(s.centralJson, 'AWS::IAM::Policy')).find(([id]) =>
        id.startsWith(prefix),
      );
      const statements = (policy![1].Properties!.PolicyDocument as { Statement: Statement[] }).Statement;
      const invoke = statements.find((st) => st.Action === 'lambda:InvokeFunction');
      const machine = Object.entries(resourcesOf(s.centralJson, 'AWS::StepFunctions::StateMachine')).find(
        ([id]) => id.startsWith(prefix.replace('RoleDefaultPolicy', '')),
      )![1];
      const functionPlaceholders = placeholdersIn(machine.Properties?.DefinitionString as string).filter(
        (p) => p.endsWith('FunctionArn'),
      );
      expect(asList(invoke!.Resource), file).toHaveLength(functionPlaceholders.length);
      // Unqualified function ARNs only: no `:*` version wildcard.
      expect(JSON.stringify(invoke!.Resource)).not.toContain(':*');
    }
  });

  it('scopes IAM statements to resource ARNs; "*" only for APIs without resource-level permissions', () => {
    const allowedOnAny = new Set([
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
      'config:GetResourceConfigHistory',
      'ce:GetCostAndUsage',
      'ce:GetAnomalies',
      'organizations:ListAccounts',
      'organizations:ListParents',
      'organizations:ListRoots',
      // Read-only walks of the organization's tree (names and ids) for the weekly report. Granted on
      // "*" like ListAccounts: a resource type IAM does not know for them would deny the call.
      'organizations:ListAccountsForParent',
      'organizations:ListOrganizationalUnitsForParent',
    ]);
    const statements = statementsOf(s.centralJson);
    expect(statements.length).toBeGreaterThan(20);
    for (const statement of statements) {
      const actions = asList(statement.Action);
      for (const action of actions) expect(action, 'no wildcard actions').not.toContain('*');
      if (asList(statement.Resource).includes('*')) {
        for (const action of actions) expect(allowedOnAny, `${action} on "*"`).toContain(action);
      }
      expect(actions).not.toContain('dynamodb:Scan');
    }
  });

  it('grants each function only what its needs say', () => {
    const evaluate = functionStatements(s.centralJson, 'evaluate').flatMap((st) => asList(st.Action));
    expect(evaluate.filter((a) => !a.startsWith('xray:') && !a.startsWith('logs:'))).toEqual([]);
    const remediate = functionStatements(s.centralJson, 'remediate');
    expect(remediate).toContainEqual(
      expect.objectContaining({
        Action: 'sts:AssumeRole',
        Resource: memberRoleArn(REMEDIATION_ROLE_NAME),
        Condition: { StringEquals: { 'aws:ResourceOrgID': DEFAULT_CONFIG.organization.id } },
      }),
    );
    const callback = functionStatements(s.centralJson, 'approval-callback');
    expect(callback).toContainEqual(
      expect.objectContaining({
        Action: ['states:SendTaskFailure', 'states:SendTaskSuccess'],
        Resource: { Ref: expect.stringMatching(/^RemediationWorkflowStateMachine/) },
      }),
    );
    // Record withdraws the pending approval of a deleted resource's finding: SendTaskFailure only, it
    // can end a waiting remediation but never approve one.
    const states = (handler: string) =>
      functionStatements(s.centralJson, handler).filter((st) =>
        asList(st.Action).some((a) => a.startsWith('states:')),
      );
    expect(states('record')).toEqual([
      expect.objectContaining({
        Action: 'states:SendTaskFailure',
        Resource: { Ref: expect.stringMatching(/^RemediationWorkflowStateMachine/) },
      }),
    ]);
    const publish = functionStatements(s.centralJson, 'publish-report');
    expect(publish).toContainEqual(
      expect.objectContaining({
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: {
          'Fn::Join': [
            '',
            [{ 'Fn::GetAtt': [expect.stringMatching(/^ReportsBucket/), 'Arn'] }, '/reports/*'],
          ],
        },
      }),
    );
  });

  it("lets the approval callback publish only to the findings topic (an acknowledgement's RESOLVED notice), with only that topic's key", () => {
    const callback = functionStatements(s.centralJson, 'approval-callback');
    const publishing = callback.filter((st) => asList(st.Action).some((a) => a.startsWith('sns:')));
    expect(publishing).toEqual([
      {
        Action: 'sns:Publish',
        Effect: 'Allow',
        Resource: { Ref: expect.stringMatching(/^NotificationsTopic/) },
      },
    ]);
    const messagingKey = callback.filter((st) => JSON.stringify(st.Resource).includes('KeysMessagingKey'));
    expect(messagingKey).toEqual([
      {
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^KeysMessagingKey/), 'Arn'] },
      },
    ]);
    // And it learns the topic the way the other publishers do.
    const fn = Object.values(resourcesOf(s.centralJson, 'AWS::Lambda::Function')).find(
      (f) => f.Properties?.Description === 'compliance bot: approval-callback',
    )!;
    expect((fn.Properties!.Environment as { Variables: Json }).Variables.TOPIC_ARN).toEqual({
      Ref: expect.stringMatching(/^NotificationsTopic/),
    });
  });

  it('grants on the findings table only the actions the adapter sends, on the partition keys each function touches', () => {
    /** Each function's DynamoDB grants: `action` -> partition-key patterns ('index:<name>' for index queries). */
    const tableGrants = (handler: string) => {
      const out: Record<string, string[]> = {};
      for (const st of functionStatements(s.centralJson, handler)) {
        const actions = asList(st.Action).filter((a) => a.startsWith('dynamodb:'));
        if (actions.length === 0) continue;
        const resources = JSON.stringify(st.Resource);
        const onIndex = resources.includes('/index/');
        const keys = onIndex
          ? [...resources.matchAll(/\/index\/(\w+)/g)].map((m) => `index:${m[1]}`)
          : ((st.Condition?.['ForAllValues:StringLike'] as Json | undefined)?.['dynamodb:LeadingKeys'] as
              | string[]
              | undefined);
        expect(keys, `${handler}: ${actions} without dynamodb:LeadingKeys`).toBeDefined();
        for (const action of actions) out[action] = [...(out[action] ?? []), ...keys!].sort();
      }
      return out;
    };
    const all = Object.fromEntries(HANDLERS.map((h) => [h.name, tableGrants(h.name)]));
    // Nothing any adapter never sends (it would let a function delete or overwrite audit records).
    for (const [name, grants] of Object.entries(all)) {
      for (const action of Object.keys(grants)) {
        expect(
          [
            'dynamodb:GetItem',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:Query',
            // Record's ordered writes: a transaction's ConditionCheck on the resource watermark.
            'dynamodb:ConditionCheckItem',
          ],
          name,
        ).toContain(action);
      }
    }
    // Approvals (task tokens) are read or changed only where the approval flow runs, by Record,
    // which withdraws the pending approval of a deleted resource's finding, and read by Plan (is the
    // approval holding the fix's pending claim decided?).
    const touchesApprovals = Object.entries(all)
      .filter(([, g]) => Object.values(g).some((keys) => keys.includes('APPROVAL#*')))
      .map(([name]) => name)
      .sort();
    expect(touchesApprovals).toEqual([
      'approval-callback',
      'notify-outcome',
      'plan',
      'record',
      'remediate',
      'request-approval',
    ]);
    // Audit records are only ever appended (PutItem conditioned on a new key); only the report reads them.
    for (const [name, grants] of Object.entries(all)) {
      for (const [action, keys] of Object.entries(grants)) {
        if (!keys.includes('AUDIT#*')) continue;
        expect(action, name).toBe(name === 'gather-report' ? 'dynamodb:Query' : 'dynamodb:PutItem');
      }
    }
    expect(all.verify).toEqual({ 'dynamodb:PutItem': ['AUDIT#*'] });
    expect(all.remediate).toEqual({
      'dynamodb:GetItem': ['APPROVAL#*', 'FINDING#*'],
      'dynamodb:UpdateItem': ['APPROVAL#*'],
      'dynamodb:PutItem': ['AUDIT#*'],
    });
    expect(all.plan).toEqual({
      'dynamodb:GetItem': ['APPROVAL#*'],
      'dynamodb:UpdateItem': ['FINDING#*', 'PENDING#*'],
    });
    // The one pending request per fix and resource: claimed by Plan, released by NotifyOutcome, with
    // conditional UpdateItems only (pattern 14); nobody else touches the claims.
    const touchesClaims = Object.entries(all)
      .filter(([, g]) => Object.values(g).some((keys) => keys.includes('PENDING#*')))
      .map(([name, g]) => [name, Object.keys(g).filter((action) => g[action]!.includes('PENDING#*'))]);
    expect(touchesClaims.sort()).toEqual([
      ['notify-outcome', ['dynamodb:UpdateItem']],
      ['plan', ['dynamodb:UpdateItem']],
    ]);
    // The approval flow, the acknowledgement (its notice marked delivered) and the delivery records
    // of the RESOLVED notice it sends as Notify does.
    expect(all['approval-callback']).toEqual({
      'dynamodb:GetItem': ['APPROVAL#*', 'FINDING#*'],
      'dynamodb:UpdateItem': ['APPROVAL#*', 'FINDING#*'],
      'dynamodb:PutItem': ['AUDIT#*', 'DELIVERY#*', 'SUPPRESSION'],
      'dynamodb:Query': ['DELIVERY#*'],
    });
    expect(all['build-report']).toEqual({ 'dynamodb:PutItem': ['SCORE'] });
    expect(all['publish-report']).toEqual({
      'dynamodb:PutItem': ['DELIVERY#*'],
      'dynamodb:Query': ['DELIVERY#*'],
    });
    expect(all.record).toEqual({
      'dynamodb:GetItem': ['APPROVAL#*', 'FINDING#*'],
      'dynamodb:PutItem': ['AUDIT#*', 'FINDING#*'],
      'dynamodb:UpdateItem': ['APPROVAL#*', 'FINDING#*', 'RESOURCE#*'],
      'dynamodb:ConditionCheckItem': ['RESOURCE#*'],
      'dynamodb:Query': ['SUPPRESSION'],
    });
    expect(all['gather-report']).toEqual({
      'dynamodb:Query': ['AUDIT#*', 'SCORE', 'SUPPRESSION', 'index:gsi1', 'index:gsi2'].sort(),
    });
    expect(all.evaluate).toEqual({});
    expect(all.normalize).toEqual({});
    // Only the weekly report queries an index (the sparse finding indexes).
    for (const [name, grants] of Object.entries(all)) {
      if (name === 'gather-report') continue;
      expect(JSON.stringify(grants), name).not.toContain('index:');
    }
  });

  it('lets only remediate assume the write role; plan and verify only the read-only remediation role', () => {
    const write = memberRoleArn(REMEDIATION_ROLE_NAME);
    const read = memberRoleArn(REMEDIATION_READ_ROLE_NAME);
    expect(assumable(s.centralJson, 'remediate')).toEqual([write]);
    expect(assumable(s.centralJson, 'plan')).toEqual([read]);
    const verify = assumable(s.centralJson, 'verify');
    expect(verify).toHaveLength(2);
    expect(verify).toEqual(expect.arrayContaining([read, memberRoleArn(CONFIG_READ_ROLE_NAME)]));
    for (const handler of HANDLERS.filter((h) => !['remediate', 'plan', 'verify'].includes(h.name))) {
      const roles = assumable(s.centralJson, handler.name);
      expect(roles, handler.name).not.toContainEqual(write);
      expect(roles, handler.name).not.toContainEqual(read);
    }
    // Each assume is bounded to the organization's accounts.
    for (const handler of ['remediate', 'plan', 'verify']) {
      for (const st of functionStatements(s.centralJson, handler).filter(
        (x) => x.Action === 'sts:AssumeRole',
      )) {
        expect(st.Condition).toEqual({
          StringEquals: { 'aws:ResourceOrgID': DEFAULT_CONFIG.organization.id },
        });
      }
    }
    // The handlers get the name of the role they may assume, never the other one.
    const variables = (name: string) =>
      Object.values(resourcesOf(s.centralJson, 'AWS::Lambda::Function')).find(
        (f) => f.Properties?.Description === `compliance bot: ${name}`,
      )!.Properties!.Environment as { Variables: Json };
    for (const name of ['plan', 'verify']) {
      expect(variables(name).Variables.REMEDIATION_READ_ROLE_NAME).toBe(REMEDIATION_READ_ROLE_NAME);
      expect(variables(name).Variables.REMEDIATION_ROLE_NAME).toBeUndefined();
    }
    expect(variables('remediate').Variables.REMEDIATION_ROLE_NAME).toBe(REMEDIATION_ROLE_NAME);
    expect(variables('remediate').Variables.REMEDIATION_READ_ROLE_NAME).toBeUndefined();
  });

  it('schedules the weekly report on Monday 08:00 UTC through EventBridge Scheduler', () => {
    s.centralTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 8 ? * MON *)',
      ScheduleExpressionTimezone: 'UTC',
      Target: Match.objectLike({
        Arn: { Ref: Match.stringLikeRegexp('^WeeklyReportWorkflowStateMachine') },
        DeadLetterConfig: Match.anyValue(),
        // Scheduler fills in the time the run was scheduled for: the report covers the week before it.
        Input: '{"scheduledTime":"<aws.scheduler.scheduled-time>"}',
      }),
    });
  });

  it('alarms to the topic on dead letters and on failed, timed-out or aborted executions', () => {
    const alarms = Object.values(resourcesOf(s.centralJson, 'AWS::CloudWatch::Alarm'));
    // DLQ depth and new dead letters, the Slack endpoint's errors, refused requests and throttles, 3 per workflow.
    expect(alarms).toHaveLength(2 + 3 + 3 * 3);
    for (const alarm of alarms) {
      expect(alarm.Properties?.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^NotificationsTopic/) }]);
    }
    s.centralTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
    // The depth alarm stays in ALARM until the queue is drained; this one fires again for new arrivals.
    s.centralTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'NumberOfMessagesSent',
      Statistic: 'Sum',
      Threshold: 1,
    });
  });

  it('alarms when the Slack endpoint fails or refuses a request (e.g. a signing secret that no longer matches)', () => {
    s.centralTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Threshold: 1,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^ApprovalCallback') } }],
    });
    const [filter] = Object.values(resourcesOf(s.centralJson, 'AWS::Logs::MetricFilter'));
    expect(filter!.Properties).toMatchObject({
      FilterPattern: '{ $.message = "Slack request rejected" }',
      LogGroupName: { Ref: expect.stringMatching(/^ApprovalCallbackLogs/) },
      MetricTransformations: [
        { MetricNamespace: 'ComplianceBot', MetricName: 'SlackRequestsRejected', MetricValue: '1' },
      ],
    });
    s.centralTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'ComplianceBot',
      MetricName: 'SlackRequestsRejected',
      Threshold: 1,
    });
  });

  it('alarms when the Slack endpoint is throttled (a flood can fill its reserved concurrency), apart from its errors', () => {
    const endpoint = [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^ApprovalCallback') } }];
    const throttles = Object.values(resourcesOf(s.centralJson, 'AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties?.MetricName === 'Throttles',
    );
    expect(throttles).toHaveLength(1);
    expect(throttles[0]!.Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: expect.stringMatching(/^NotificationsTopic/) }],
    });
    s.centralTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Throttles',
      Dimensions: endpoint,
    });
    // The endpoint it watches has the small reserved concurrency a flood can fill.
    expect(HANDLERS.find((h) => h.name === 'approval-callback')?.reservedConcurrency).toBeGreaterThan(0);
  });

  it.each(['ExecutionsFailed', 'ExecutionsTimedOut'])(
    'alarms on the first %s of the triage workflow (DeadLetterFailed, NotificationFailed, TriageFailed end there)',
    (metric) => {
      s.centralTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metric,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Dimensions: [
          { Name: 'StateMachineArn', Value: { Ref: Match.stringLikeRegexp('^TriageWorkflowStateMachine') } },
        ],
      });
    },
  );

  it('rolls the member stack out with a service-managed, auto-deploying StackSet', () => {
    const [stackSet] = Object.values(resourcesOf(s.centralJson, 'AWS::CloudFormation::StackSet'));
    const p = stackSet!.Properties!;
    expect(p).toMatchObject({
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      CallAs: 'DELEGATED_ADMIN',
      StackInstancesGroup: [
        {
          DeploymentTargets: {
            OrganizationalUnitIds: DEFAULT_CONFIG.organization.targetOrganizationalUnitIds,
          },
          Regions: DEFAULT_CONFIG.regions,
        },
      ],
    });
    expect((p.Parameters as Json[]).map((x) => x.ParameterKey).sort()).toEqual(MEMBER_PARAMETER_NAMES);
    const embedded = JSON.parse(p.TemplateBody as string) as Json;
    expect(embedded.Resources).toEqual(s.memberJson.Resources);
    expect((p.TemplateBody as string).length).toBeLessThan(51_200);
  });
});

describe('member stack', () => {
  it('is environment-agnostic with no assets and no bootstrap checks (StackSet-safe)', () => {
    expect(Object.keys(s.memberJson.Parameters as Json).sort()).toEqual(MEMBER_PARAMETER_NAMES);
    expect(s.memberJson.Rules).toBeUndefined();
    expect(resourcesOf(s.memberJson, 'AWS::Lambda::Function')).toEqual({});
    expect(resourcesOf(s.memberJson, 'AWS::CDK::Metadata')).toEqual({});
    expect(JSON.stringify(s.memberJson)).not.toMatch(/cdk-hnb659fds|AssetParameters|BootstrapVersion/);
  });

  it('forwards the same filtered events from the default bus to the central bus', () => {
    const forwarding = Object.values(resourcesOf(s.memberJson, 'AWS::Events::Rule'));
    const central = Object.values(resourcesOf(s.centralJson, 'AWS::Events::Rule')).filter(
      (r) => r.Properties?.EventBusName === 'default',
    );
    expect(forwarding.map((r) => r.Properties?.EventPattern)).toEqual(
      central.map((r) => r.Properties?.EventPattern),
    );
    for (const rule of forwarding) {
      expect(rule.Properties).toMatchObject({
        EventBusName: 'default',
        Targets: [
          {
            Arn: { Ref: 'CentralEventBusArn' },
            RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^ForwardToCentralBusRole/), 'Arn'] },
          },
        ],
      });
    }
    s.memberTemplate.hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        {
          PolicyName: 'PutEventsToCentralBus',
          PolicyDocument: {
            Statement: [
              { Action: 'events:PutEvents', Effect: 'Allow', Resource: { Ref: 'CentralEventBusArn' } },
            ],
          },
        },
      ],
    });
  });

  it('creates the remediation (write) role once (us-east-1), assumable only by remediate, with the catalog writes and rechecks', () => {
    const { role, trust, statements } = memberRole(s.memberJson, REMEDIATION_ROLE_NAME);
    expect(role!.Condition).toBe('IsGlobalResourcesRegion');
    expect((s.memberJson.Conditions as Json).IsGlobalResourcesRegion).toEqual({
      'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'],
    });
    expect(trust).toHaveLength(1);
    expect(trust![0]!.Condition).toEqual({
      ArnEquals: { 'aws:PrincipalArn': { Ref: 'RemediationPrincipalArn' } },
      StringEquals: { 'aws:PrincipalOrgID': DEFAULT_CONFIG.organization.id },
      StringLike: { 'sts:RoleSessionName': 'compliance-bot-*' },
    });
    const actions = remediationRoleActions();
    // Allow statements: exactly the catalog's actions (the Deny statements below grant nothing).
    const granted = statements.filter((st) => st.Effect === 'Allow').flatMap((st) => asList(st.Action));
    expect(granted.sort()).toEqual([...actions].sort());
    expect(actions).toEqual(
      [...new Set([...remediationWriteActions(), ...remediationRecheckActions()])].sort(),
    );
    // Its only reads are the ones Remediate repeats right before a write (stale-plan checks).
    expect(granted.filter((a) => /:(Get|List|Describe)/.test(a)).sort()).toEqual([
      's3:GetBucketPolicy',
      's3:GetBucketTagging',
    ]);
    // The catalog's GuardDuty fix creates GuardDuty's service-linked role, and nothing else's.
    expect(actions).toContain('iam:CreateServiceLinkedRole');
    const slr = statements.filter((st) => asList(st.Action).includes('iam:CreateServiceLinkedRole'));
    expect(slr).toHaveLength(1);
    expect(asList(slr[0]!.Action)).toEqual(['iam:CreateServiceLinkedRole']);
    expect(slr[0]!.Condition).toEqual({
      StringEquals: { 'iam:AWSServiceName': 'guardduty.amazonaws.com', 'aws:ResourceAccount': OWN_ACCOUNT },
    });
  });

  it('lets the remediation role detach only AdministratorAccess, the one policy the catalog detaches', () => {
    const { statements } = memberRole(s.memberJson, REMEDIATION_ROLE_NAME);
    const adminArn = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AdministratorAccess']],
    };
    const detach = ['iam:DetachGroupPolicy', 'iam:DetachRolePolicy', 'iam:DetachUserPolicy'];
    for (const action of detach) {
      const allowing = statements.filter((st) => st.Effect === 'Allow' && asList(st.Action).includes(action));
      expect(allowing, action).toHaveLength(1);
      expect(allowing[0]!.Condition, action).toEqual({
        ArnEquals: { 'iam:PolicyARN': adminArn },
        StringEquals: { 'aws:ResourceAccount': OWN_ACCOUNT },
      });
    }
    // Any policy attach/detach the catalog declares gets a policy condition: a new one fails here.
    const policyActions = remediationWriteActions().filter((a) => /^iam:(Attach|Detach)\w*Policy$/.test(a));
    expect(policyActions.sort()).toEqual(detach);
    // Every detach the catalog plans (its test cases) names exactly the ARN the condition allows
    // (commercial partition), so the condition never blocks an approved fix.
    const detachCases = CASES.filter((c) => c.id === 'iam-detach-administrator-access');
    expect(detachCases.length).toBeGreaterThan(2);
    for (const c of detachCases) {
      const calls = getRemediation(c.id)!.plan(c.finding, c.params);
      for (const call of calls) expect(call.input.PolicyArn, c.label).toBe(administratorAccessArn('aws'));
    }
  });

  it('denies the remediation role any IAM change to reserved, Control Tower, StackSets, organization and its own roles', () => {
    const { statements } = memberRole(s.memberJson, REMEDIATION_ROLE_NAME);
    const deny = statements.filter((st) => st.Effect === 'Deny');
    expect(deny).toHaveLength(1);
    const iamWrites = remediationWriteActions().filter(
      (a) => a.startsWith('iam:') && a !== 'iam:CreateServiceLinkedRole',
    );
    expect(asList(deny[0]!.Action).sort()).toEqual(iamWrites.sort());
    expect(iamWrites).toContain('iam:DetachRolePolicy');
    const resources = JSON.stringify(deny[0]!.Resource);
    for (const name of [
      'aws-reserved/*',
      'AWSControlTower*',
      'stacksets-exec-*',
      'OrganizationAccountAccessRole',
      REMEDIATION_ROLE_NAME,
      REMEDIATION_READ_ROLE_NAME,
      CONFIG_READ_ROLE_NAME,
    ]) {
      expect(resources).toContain(`:role/${name}"`);
    }
    expect(deny[0]!.Condition).toBeUndefined();
  });

  it.each(remediationRoleActions().map((action) => [action, supportsResourceAccount(action)] as const))(
    'the remediation role grants %s only on resources of the member account itself: %s',
    (action, ownAccountOnly) => {
      const { statements } = memberRole(s.memberJson, REMEDIATION_ROLE_NAME);
      const allowing = statements.filter((st) => st.Effect === 'Allow' && asList(st.Action).includes(action));
      expect(allowing).toHaveLength(1);
      const condition = allowing[0]!.Condition as { StringEquals?: Json } | undefined;
      if (ownAccountOnly) expect(condition?.StringEquals?.['aws:ResourceAccount']).toEqual(OWN_ACCOUNT);
      else expect(condition?.StringEquals?.['aws:ResourceAccount']).toBeUndefined();
    },
  );

  it('requires the session name prefix the bot assumes every member role with (sts:RoleSessionName)', () => {
    // The executor's and the Config reader's session names both start with the prefix the trust allows.
    expect(sessionName('apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J')).toMatch(/^compliance-bot-/);
    expect(sessionName(undefined)).toMatch(/^compliance-bot-/);
    expect(`${SESSION_NAME_PREFIX}*`).toBe('compliance-bot-*');
    for (const name of [REMEDIATION_ROLE_NAME, REMEDIATION_READ_ROLE_NAME, CONFIG_READ_ROLE_NAME]) {
      const { role, trust } = memberRole(s.memberJson, name);
      if (!role) continue; // no Config read role when no function reads Config history
      expect(
        trust!.map((st) => st.Condition?.StringLike),
        name,
      ).toEqual([{ 'sts:RoleSessionName': 'compliance-bot-*' }]);
    }
  });

  it('creates the read-only remediation role once (us-east-1), assumable only by plan and verify, with exactly the catalog reads', () => {
    const { role, trust, statements } = memberRole(s.memberJson, REMEDIATION_READ_ROLE_NAME);
    expect(role!.Condition).toBe('IsGlobalResourcesRegion');
    expect(trust).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: {
          AWS: {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':iam::',
                { 'Fn::Select': [4, { 'Fn::Split': [':', { Ref: 'CentralEventBusArn' }] }] },
                ':root',
              ],
            ],
          },
        },
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': { Ref: 'RemediationReaderPrincipalArns' } },
          StringEquals: { 'aws:PrincipalOrgID': DEFAULT_CONFIG.organization.id },
          StringLike: { 'sts:RoleSessionName': 'compliance-bot-*' },
        },
      },
    ]);
    // One statement: exactly the catalog's prepare / verify reads, each Get / List / Describe.
    expect(statements).toHaveLength(1);
    expect(statements[0]!.Effect).toBe('Allow');
    expect(statements[0]!.Resource).toBe('*');
    expect(statements[0]!.Condition).toBeUndefined();
    const granted = asList(statements[0]!.Action).sort();
    expect(granted).toEqual(remediationReadActions());
    expect(granted).toEqual(
      [
        'cloudtrail:DescribeTrails',
        'cloudtrail:GetTrailStatus',
        'config:DescribeConfigurationRecorderStatus',
        'ec2:DescribeAddresses',
        'ec2:DescribeRouteTables',
        'ec2:DescribeSecurityGroupRules',
        'ec2:DescribeTags',
        'ec2:DescribeVolumes',
        'ec2:DescribeVpcEndpoints',
        'guardduty:GetDetector',
        'guardduty:ListDetectors',
        'iam:ListAccessKeys',
        'iam:ListAttachedGroupPolicies',
        'iam:ListAttachedRolePolicies',
        'iam:ListAttachedUserPolicies',
        'iam:ListRoleTags',
        'iam:ListUserTags',
        'kms:DescribeKey',
        'kms:GetKeyRotationStatus',
        'kms:ListResourceTags',
        'rds:DescribeDBClusters',
        'rds:DescribeDBInstances',
        'rds:ListTagsForResource',
        's3:GetBucketPolicy',
        's3:GetBucketPublicAccessBlock',
        's3:GetBucketTagging',
        's3:GetBucketVersioning',
        's3:GetEncryptionConfiguration',
      ].sort(),
    );
    const writes = new Set(remediationWriteActions());
    expect(granted.filter((a) => writes.has(a))).toEqual([]);
  });

  it('lets only the functions that need it read Config history in member accounts (read-only role)', () => {
    const [role] = Object.values(resourcesOf(s.memberJson, 'AWS::IAM::Role')).filter(
      (r) => r.Properties?.RoleName === CONFIG_READ_ROLE_NAME,
    );
    if (CONFIG_READERS.length === 0) {
      expect(role).toBeUndefined();
      return;
    }
    expect(role!.Condition).toBe('IsGlobalResourcesRegion');
    const trust = (role!.Properties!.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement;
    expect(trust[0]!.Condition).toEqual({
      ArnEquals: { 'aws:PrincipalArn': { Ref: 'ConfigReaderPrincipalArns' } },
      StringEquals: { 'aws:PrincipalOrgID': DEFAULT_CONFIG.organization.id },
      StringLike: { 'sts:RoleSessionName': 'compliance-bot-*' },
    });
    const policies = role!.Properties!.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }>;
    expect(policies.flatMap((p) => p.PolicyDocument.Statement.map((st) => st.Action))).toEqual([
      'config:GetResourceConfigHistory',
    ]);
    const [stackSet] = Object.values(resourcesOf(s.centralJson, 'AWS::CloudFormation::StackSet'));
    const readers = (stackSet!.Properties!.Parameters as Json[]).find(
      (x) => x.ParameterKey === 'ConfigReaderPrincipalArns',
    );
    expect(JSON.stringify(readers)).toMatch(/NormalizeRole/);
    const configReadArn = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::*:role/${CONFIG_READ_ROLE_NAME}`]],
    };
    for (const name of CONFIG_READERS) {
      // verify also assumes the remediation read role: CDK merges both into one statement.
      expect(assumable(s.centralJson, name)).toContainEqual(configReadArn);
    }
  });

  it('passes only the remediate role as write principal, only plan and verify as read principals', () => {
    const writers = stackSetParameter(s.centralJson, 'RemediationPrincipalArn');
    expect(writers).toMatch(/"RemediateRole/);
    expect(writers.match(/"Fn::GetAtt"/g)).toHaveLength(1);
    const readers = stackSetParameter(s.centralJson, 'RemediationReaderPrincipalArns');
    expect(readers).toMatch(/"PlanRole/);
    expect(readers).toMatch(/"VerifyRole/);
    expect(readers.match(/"Fn::GetAtt"/g)).toHaveLength(2);
  });
});

describe('member stack: events that cannot be forwarded', () => {
  /** A member account and region, as CloudFormation would resolve the pseudo parameters there. */
  const HERE = { 'AWS::Partition': 'aws', 'AWS::Region': 'eu-west-1', 'AWS::AccountId': '111122223333' };
  const QUEUE_ARN = `arn:aws:sqs:eu-west-1:111122223333:${FORWARDING_DEAD_LETTER_QUEUE_NAME}`;
  /** Resolves the intrinsics the member queue policy uses (Ref of a pseudo parameter, Fn::Join, GetAtt Arn). */
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const o = value as Json;
    if (typeof o.Ref === 'string' && o.Ref in HERE) return HERE[o.Ref as keyof typeof HERE];
    if (Array.isArray(o['Fn::GetAtt'])) return QUEUE_ARN;
    if (Array.isArray(o['Fn::Join'])) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(sep);
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolve(v)]));
  };
  /** IAM `ArnLike`: each of the six `:`-separated parts is a glob (`*`, `?`) matched on its own. */
  const arnLike = (pattern: string, arn: string): boolean => {
    const want = pattern.split(':', 6);
    const have = arn.split(':', 6);
    if (have.length !== 6) return false;
    return want.every((glob, i) => {
      const rx = glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.');
      return new RegExp(`^${rx}$`).test(i === 5 ? arn.split(':').slice(5).join(':') : have[i]!);
    });
  };
  const queues = () => Object.entries(resourcesOf(s.memberJson, 'AWS::SQS::Queue'));
  const queuePolicy = (template: Json) => {
    const policies = Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(1);
    return policies[0]!.Properties!.PolicyDocument as { Statement: Statement[] };
  };

  it("gives every forwarding target a dead-letter queue, and EventBridge's default retry (no RetryPolicy on a bus target)", () => {
    const [queueId] = queues()[0]!;
    const forwarding = Object.values(resourcesOf(s.memberJson, 'AWS::Events::Rule'));
    expect(forwarding.length).toBeGreaterThan(0);
    for (const rule of forwarding) {
      const targets = rule.Properties!.Targets as Json[];
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) {
        expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
        expect(target).not.toHaveProperty('RetryPolicy');
      }
    }
  });

  it('keeps dead letters in one encrypted, TLS-only queue for 14 days', () => {
    expect(queues()).toHaveLength(1);
    const [queueId, queue] = queues()[0]!;
    expect(queue.Properties).toMatchObject({
      QueueName: FORWARDING_DEAD_LETTER_QUEUE_NAME,
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    expect(queue.Properties!.RedrivePolicy).toBeUndefined();
    const deny = queuePolicy(s.memberJson).Statement.filter((st) => st.Effect === 'Deny');
    expect(deny).toEqual([
      {
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'sqs:*',
        Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  it("lets EventBridge send to it only for this account's forwarding rules, in one statement", () => {
    const allow = queuePolicy(s.memberJson).Statement.filter((st) => st.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    const statement = resolve(allow[0]) as Statement & { Principal: Json };
    expect(statement.Principal).toEqual({ Service: 'events.amazonaws.com' });
    expect(statement.Action).toBe('sqs:SendMessage');
    expect(statement.Resource).toBe(QUEUE_ARN);
    expect(Object.keys(statement.Condition!).sort()).toEqual(['ArnLike', 'StringEquals']);
    expect(statement.Condition!.StringEquals).toEqual({ 'aws:SourceAccount': '111122223333' });
    const pattern = (statement.Condition!.ArnLike as Json)['aws:SourceArn'] as string;
    const ruleArn = (account: string, name: string) => `arn:aws:events:eu-west-1:${account}:rule/${name}`;
    const names = Object.values(resourcesOf(s.memberJson, 'AWS::Events::Rule')).map(
      (r) => r.Properties!.Name as string,
    );
    for (const name of names) {
      expect(name.startsWith(FORWARDING_RULE_NAME_PREFIX), name).toBe(true);
      expect(arnLike(pattern, ruleArn('111122223333', name)), name).toBe(true);
      expect(arnLike(pattern, ruleArn('444455556666', name)), `${name} of another account`).toBe(false);
    }
    expect(arnLike(pattern, ruleArn('111122223333', 'someone-elses-rule'))).toBe(false);
    expect(arnLike(pattern, `arn:aws:events:us-west-2:111122223333:rule/${names[0]}`)).toBe(false);
  });

  it('stays one statement, far inside the SQS policy quotas, however many patterns are forwarded', () => {
    const policyFor = (count: number) => {
      const app = new App();
      const patterns = Array.from({ length: count }, (_, i) => ({
        id: `Pattern${i}`,
        description: `pattern ${i}`,
        pattern: { source: [`example.${i}`] },
      }));
      const stack = new MemberStack(app, 'Member', { organizationId: 'o-exampleorg1', patterns });
      return queuePolicy(app.synth().getStackByName(stack.stackName).template as Json);
    };
    const few = policyFor(2);
    const many = policyFor(100);
    expect(many).toEqual(few);
    // SQS policy quotas: 20 statements, 8,192 bytes, 10 conditions (SQS Developer Guide, "Amazon SQS policy quotas").
    expect(many.Statement.length).toBeLessThanOrEqual(20);
    expect(JSON.stringify(resolve(many)).length).toBeLessThan(8_192 / 4);
    const conditions = many.Statement.flatMap((st) =>
      Object.values(st.Condition ?? {}).flatMap((keys) => Object.keys(keys as Json)),
    );
    expect(conditions.length).toBeLessThanOrEqual(10);
  });

  it('refuses a pattern id that would make an invalid rule name', () => {
    expect(forwardingRuleName('ConfigItemChanges')).toBe('compliance-bot-forward-ConfigItemChanges');
    expect(() => forwardingRuleName('x'.repeat(60))).toThrow(/is not 1-64 characters/);
    expect(() => forwardingRuleName('has space')).toThrow(/shorten the id of ingestion pattern "has space"/);
  });
});

describe('synth with a bad configuration', () => {
  it('stops before building anything, naming each wrong key', () => {
    expect(() => synthesize({ regions: ['eu-west-1'], approvalTimeoutSeconds: 5 })).toThrow(
      /complianceBot\.regions: must include us-east-1[\s\S]*complianceBot\.approvalTimeoutSeconds/,
    );
  });
});

describe('synth with a rule book config too large for a Lambda environment', () => {
  it('fails naming the function and the key to shorten', () => {
    const huge = {
      tagPolicy: { environmentValues: Array.from({ length: 400 }, (_, i) => `environment-${i}`) },
    };
    expect(() => synthesize({ ruleBook: huge }, { nag: false })).toThrow(
      /over Lambda's 4 KB limit[\s\S]*ruleBook/,
    );
  });
});

describe('with another minimum severity to notify', () => {
  it("passes cdk.json's notifyMinSeverity to the Record function as NOTIFY_MIN_SEVERITY", () => {
    const high = synthesize({ notifyMinSeverity: 'high' }, { nag: false });
    high.centralTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'compliance bot: record',
      Environment: { Variables: Match.objectLike({ NOTIFY_MIN_SEVERITY: 'high' }) },
    });
  });
});

describe('with severities nobody may approve', () => {
  const noApprovers = (stack: Parameters<typeof Annotations.fromStack>[0]) =>
    Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('Nobody may approve'));

  it('warns at synth, naming the severities whose one-off findings nobody may acknowledge', () => {
    const onlyCritical = synthesize(
      { slack: { channelId: 'C0123456789', approvers: { critical: ['U0123456789'] } } },
      { nag: false },
    );
    const acknowledgements = Annotations.fromStack(onlyCritical.central).findWarning(
      '*',
      Match.stringLikeRegexp('cannot be acknowledged in Slack'),
    );
    expect(acknowledgements.map((w) => String(w.entry.data))).toEqual([
      'One-off findings of high, medium severity (root sign-ins, API-call findings, cost anomalies) cannot be ' +
        'acknowledged in Slack: complianceBot.slack.approvers lists no Slack user for those severities, and only ' +
        "an approver of a finding's severity may press Acknowledge, so they stay open (no later event closes them). " +
        'Add approvers for those severities, or raise notifyMinSeverity. [ack: compliance-bot:no-acknowledgers]',
    ]);
    expect(
      Annotations.fromStack(s.central).findWarning('*', Match.stringLikeRegexp('cannot be acknowledged')),
    ).toEqual([]);
  });

  it('warns at synth, naming the severities whose fix requests could only expire', () => {
    const onlyCritical = synthesize(
      { slack: { channelId: 'C0123456789', approvers: { critical: ['U0123456789'] } } },
      { nag: false },
    );
    const [warning] = noApprovers(onlyCritical.central);
    expect(String(warning?.entry.data)).toContain('Nobody may approve fixes of high, medium findings');
    expect(noApprovers(s.central)).toEqual([]);
  });
});

describe('with remediation turned off', () => {
  let off: Synthesized;
  beforeAll(() => {
    // No approvers either: the configuration of a bot that only reports.
    off = synthesize({ remediation: { enabled: false }, slack: { channelId: 'C0123456789' } });
  });
  const warningsOf = (stack: Parameters<typeof Annotations.fromStack>[0]) =>
    Annotations.fromStack(stack)
      .findWarning('*', Match.anyValue())
      .map((warning) => String(warning.entry.data));
  /** What the validation plugins (CloudFormation Validate, cdk-nag) reported, as `cdk synth` prints it. */
  const validationViolations = (synthesized: Synthesized) => {
    const report = JSON.parse(
      readFileSync(join(synthesized.app.synth().directory, 'validation-report.json'), 'utf8'),
    ) as {
      pluginReports: Array<{
        pluginName: string;
        violations: Array<{ ruleName: string; description: string }>;
      }>;
    };
    return report.pluginReports.flatMap((plugin) =>
      plugin.violations.map((v) => `${plugin.pluginName} ${v.ruleName}: ${v.description}`),
    );
  };

  it('deploys neither remediation role and lets no function assume one', () => {
    expect(JSON.stringify(off.memberJson)).not.toContain(REMEDIATION_ROLE_NAME);
    expect(JSON.stringify(off.memberJson)).not.toContain(REMEDIATION_READ_ROLE_NAME);
    for (const handler of ['remediate', 'plan']) {
      const actions = functionStatements(off.centralJson, handler).flatMap((st) => asList(st.Action));
      expect(actions, handler).not.toContain('sts:AssumeRole');
    }
    // verify keeps only the Config history role.
    expect(assumable(off.centralJson, 'verify')).toEqual([memberRoleArn(CONFIG_READ_ROLE_NAME)]);
    expect(JSON.stringify(resourcesOf(off.centralJson, 'AWS::Lambda::Function'))).not.toMatch(
      /REMEDIATION_(READ_)?ROLE_NAME/,
    );
    off.centralTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'compliance bot: plan',
      Environment: { Variables: Match.objectLike({ REMEDIATION_ENABLED: 'false' }) },
    });
  });

  it('declares no remediation parameter, and the StackSet passes exactly the parameters declared', () => {
    const declared = Object.keys(off.memberJson.Parameters as Json).sort();
    expect(declared).toEqual(MEMBER_PARAMETER_NAMES.filter((name) => !name.startsWith('Remediation')));
    const [stackSet] = Object.values(resourcesOf(off.centralJson, 'AWS::CloudFormation::StackSet'));
    const passed = (stackSet!.Properties!.Parameters as Json[]).map((x) => x.ParameterKey).sort();
    expect(passed).toEqual(declared);
  });

  it('synthesizes with no warning but that one-off findings cannot be acknowledged in Slack', () => {
    // Before: CloudFormation validation warned that the remediation parameters were unused (W2001).
    // The synth report holds the annotations too: only the intended one.
    const violations = validationViolations(off);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/^Construct Annotations Annotation::compliance-bot:no-acknowledgers: /);
    expect(warningsOf(off.member)).toEqual([]);
    const warnings = warningsOf(off.central);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^One-off findings of critical, high, medium severity \(root sign-ins, API-call findings, cost anomalies\) cannot be acknowledged in Slack: complianceBot\.slack\.approvers lists no Slack user for those severities/,
    );
  });
});

describe('the StackSet parameters', () => {
  it("are the member template's parameters, and synth fails when one has no value", () => {
    const body = JSON.stringify({ Parameters: { A: { Type: 'String' }, B: { Type: 'String' } } });
    expect(stackSetParameters(body, { A: 'a', B: 'b', C: 'c' })).toEqual([
      { parameterKey: 'A', parameterValue: 'a' },
      { parameterKey: 'B', parameterValue: 'b' },
    ]);
    expect(stackSetParameters('{}', { A: 'a' })).toEqual([]);
    expect(() => stackSetParameters(body, { A: 'a' })).toThrow(
      'The member template declares parameter B, which the StackSet has no value for',
    );
  });
});
