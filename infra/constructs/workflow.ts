import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import {
  DefinitionBody,
  type IStateMachine,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { HandlerName } from '../../functions/handlers/manifest';
import {
  PLACEHOLDERS,
  placeholdersIn,
  STATE_MACHINES,
  type StateMachineName,
} from '../../statemachines/placeholders';
import { PROJECT_ROOT } from './checker-function';

export interface WorkflowProps {
  name: StateMachineName;
  /** The functions the ASL's `${…FunctionArn}` placeholders name, by handler. */
  functions: ReadonlyMap<HandlerName, IFunction>;
  /** Other state machines the ASL starts (`${RemediationStateMachineArn}`). */
  stateMachines?: Partial<Record<StateMachineName, IStateMachine>>;
  /** Queues the ASL sends to (`${DeadLetterQueueUrl}`), with their KMS keys. */
  queues?: Partial<Record<'dead-letter', { queue: IQueue; key: IKey }>>;
  logKey: IKey;
  logRetention: RetentionDays;
  /**
   * Upper bound of one execution, written as the definition's top-level `TimeoutSeconds` when the
   * ASL file sets none (CDK's `timeout` prop does not apply to a definition given as a string).
   */
  timeout?: Duration;
  /** What the workflow logs (default `ALL`, with execution data either way). */
  logLevel?: 'ALL' | 'ERROR' | 'FATAL';
}

/**
 * One state machine from one ASL file in `statemachines/`: the definition is read as text
 * (`DefinitionBody.fromString`, so assertions and reviewers see it in the template) and every
 * `${Placeholder}` is filled through `definitionSubstitutions` from `statemachines/placeholders.ts`.
 * A placeholder with no value fails the synth, naming it. Each thing substituted is granted
 * exactly: `lambda:InvokeFunction` on the unqualified function ARN, `states:StartExecution` on the
 * state machine, `sqs:SendMessage` (+ KMS) on the queue. Logging (ALL events unless `logLevel` says
 * less) with execution data to a KMS-encrypted log group, X-Ray tracing on. Express or Standard as `STATE_MACHINES` says.
 */
export class Workflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;
  readonly substitutions: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const spec = STATE_MACHINES[props.name];
    const text = withTimeout(readFileSync(resolve(PROJECT_ROOT, spec.file), 'utf8'), props.timeout);
    const statements: PolicyStatement[] = [];
    const substitutions: Record<string, string> = {};

    for (const placeholder of placeholdersIn(text)) {
      const target = PLACEHOLDERS[placeholder];
      if (!target) {
        throw new Error(
          `${spec.file}: placeholder \${${placeholder}} is not declared in statemachines/placeholders.ts`,
        );
      }
      if (target.kind === 'function') {
        const fn = props.functions.get(target.handler);
        if (!fn) throw new Error(`${spec.file}: \${${placeholder}} needs the ${target.handler} function`);
        substitutions[placeholder] = fn.functionArn;
        statements.push(
          new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
        );
      } else if (target.kind === 'state-machine') {
        const machine = props.stateMachines?.[target.name];
        if (!machine)
          throw new Error(`${spec.file}: \${${placeholder}} needs the ${target.name} state machine`);
        substitutions[placeholder] = machine.stateMachineArn;
        statements.push(
          new PolicyStatement({ actions: ['states:StartExecution'], resources: [machine.stateMachineArn] }),
        );
      } else {
        const queue = props.queues?.[target.name];
        if (!queue) throw new Error(`${spec.file}: \${${placeholder}} needs the ${target.name} queue`);
        substitutions[placeholder] = queue.queue.queueUrl;
        statements.push(
          new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queue.queueArn] }),
        );
        statements.push(
          new PolicyStatement({
            actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
            resources: [queue.key.keyArn],
          }),
        );
      }
    }
    this.substitutions = substitutions;

    this.logGroup = new LogGroup(this, 'Logs', {
      // The vendedlogs prefix keeps the CloudWatch Logs resource policy small (AWS guidance for SFN).
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-${props.name}`,
      retention: props.logRetention,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: spec.type === 'EXPRESS' ? StateMachineType.EXPRESS : StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(text),
      definitionSubstitutions: substitutions,
      logs: {
        destination: this.logGroup,
        level: LogLevel[props.logLevel ?? 'ALL'],
        // A workflow that waits for a task token passes the token in a task's input: with execution
        // data, that input (and so the token) would be written to the log group, and anyone who can
        // read the logs and call states:SendTaskSuccess could approve a fix without Slack. Its log
        // keeps every event (type, state, time, error); the inputs stay in the execution history,
        // behind states:GetExecutionHistory.
        includeExecutionData: !waitsForTaskToken(text),
      },
      tracingEnabled: true,
      comment: `compliance bot ${props.name} workflow (${spec.file})`,
    });
    for (const statement of statements) this.stateMachine.addToRolePolicy(statement);
    if ((props.logLevel ?? 'ALL') !== 'ALL') {
      Validations.of(this.stateMachine).acknowledge({
        id: 'AwsSolutions-SF1',
        reason:
          `The ${props.name} workflow is Express and runs once per event: it logs ${props.logLevel} events with ` +
          'execution data (every failed or caught step and its input), not every state of every event, which ' +
          'would cost more in CloudWatch Logs than the workflow itself (config key triageLogLevel)',
      });
    }
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) and ' +
        'CloudWatch Logs vended delivery (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, ' +
        'DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) ' +
        'have no resource-level permissions',
    });
  }
}

/** The ASL text with a top-level `TimeoutSeconds`, unless it already has one. */
function withTimeout(text: string, timeout: Duration | undefined): string {
  if (!timeout) return text;
  const definition = JSON.parse(text) as Record<string, unknown>;
  if (definition.TimeoutSeconds !== undefined) return text;
  const { Comment, StartAt, ...rest } = definition;
  return JSON.stringify({ Comment, StartAt, TimeoutSeconds: timeout.toSeconds(), ...rest }, null, 2);
}

/** The definition has a callback task (`.waitForTaskToken`), whose input carries a task token. */
export function waitsForTaskToken(definition: string): boolean {
  return /\.waitForTaskToken"/.test(definition);
}
