import { Duration, Stack, Token } from 'aws-cdk-lib';
import { type CfnRule, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { MAX_EVENT_PATTERN_LENGTH } from '../../functions/rulebook/ingestion';
import { eventPatternLength, type IngestionPattern } from '../event-patterns';

/**
 * How long EventBridge keeps retrying a failed delivery to the triage workflow before the event
 * goes to the dead-letter queue: 8 attempts (exponential back-off by EventBridge) within 2 hours.
 * (The member forwarding rules target a bus, where a retry policy is not supported: they keep
 * EventBridge's default, 24 hours.)
 */
export const DELIVERY_RETRY = { attempts: 8, maxEventAge: Duration.hours(2) } as const;

export interface IngestionRulesProps {
  /** Buses to listen on: the central custom bus and the central account's default bus. */
  buses: ReadonlyArray<{ id: string; bus: IEventBus }>;
  patterns: readonly IngestionPattern[];
  target: IStateMachine;
  deadLetterQueue: IQueue;
}

/** EventBridge rule names: 1-64 characters of `[.\-_A-Za-z0-9]`. */
const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

/** Throws, at synth, for a rule name EventBridge would reject at deploy; `fix` says what to shorten. */
export function assertRuleName(name: string, fix: string): string {
  if (!Token.isUnresolved(name) && !RULE_NAME.test(name)) {
    throw new Error(
      `EventBridge rule name "${name}" is not 1-64 characters of letters, digits, ".", "-", "_": ${fix}`,
    );
  }
  return name;
}

/**
 * Makes synthesis fail, naming the rule, when its event pattern as deployed is longer than
 * EventBridge accepts (`eventPatternLength` > 2,048 characters, the default "Event pattern size"
 * quota). CloudFormation would otherwise only fail at deploy, deep in the stack events (or in every
 * StackSet instance). A construct validation, run by `app.synth()` / `cdk synth`, so it sees the
 * pattern as finally rendered. The pattern builders split what grows with the rule book (Config
 * resource types: `configItemChangePatterns`; event names: `activityEventPatterns`); this catches
 * what they cannot split, such as a single value longer than the limit, or a new pattern that
 * grows without a split.
 */
export function validateEventPatternSize(rule: CfnRule): void {
  rule.node.addValidation({
    validate: () => {
      const stack = Stack.of(rule);
      const pattern: unknown = stack.resolve(rule.eventPattern);
      if (pattern === undefined) return [];
      const length = eventPatternLength(pattern);
      if (length <= MAX_EVENT_PATTERN_LENGTH) return [];
      return [
        `EventBridge rule ${JSON.stringify(stack.resolve(rule.name))}: its event pattern is ${length} characters, ` +
          `over the ${MAX_EVENT_PATTERN_LENGTH} EventBridge accepts ("Event pattern size" quota), so the deploy would fail: ` +
          'split its value lists over several rules, as configItemChangePatterns (infra/event-patterns.ts) does for Config resource types',
      ];
    },
  });
}

/**
 * One EventBridge rule per (bus, pattern), each starting the triage workflow with the whole event
 * as input. One role (assumed by EventBridge) may start executions of that workflow only. Delivery
 * is retried as `DELIVERY_RETRY` says (8 attempts within 2 hours, exponential back-off by
 * EventBridge); what still fails goes to the encrypted dead-letter queue with the error attributes
 * EventBridge adds.
 *
 * The dead-letter queue's policy gets ONE statement for all these rules, however many the rule book
 * derives. Handing the queue itself to each target would make CDK add one statement per rule (with
 * that rule's `aws:SourceArn`), and an SQS policy allows at most 20 statements, 10 conditions and
 * 8,192 bytes ("Amazon SQS policy quotas",
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html):
 * 2 buses x 13 patterns already made 27 statements, and the stack could not deploy. So the targets get
 * an imported handle of the same queue (`Queue.fromQueueAttributes`, same ARN, URL and KMS key), on
 * which CDK cannot add statements, and the queue gets one statement: `events.amazonaws.com` may
 * `sqs:SendMessage` only for rules of this account (`aws:SourceAccount`) whose ARN is one of this
 * construct's named rules (`aws:SourceArn` ArnLike `…:rule/[<bus>/]<stack>-ingest-*`). The rules are
 * named explicitly for that prefix: names CloudFormation generates (stack name, logical id, random
 * suffix, cut to 64 characters) offer no prefix to rely on. EventBridge encrypts with the queue's KMS
 * key under the key policy (keys.ts: `events.amazonaws.com` for this account), which has no per-rule
 * statement either.
 *
 * Each rule's pattern is checked at synth against EventBridge's size limit
 * (`validateEventPatternSize`); a pattern split into parts (`configItemChangePatterns`) is simply
 * several patterns here, hence several rules under the same name prefix.
 */
export class IngestionRules extends Construct {
  readonly rules: Rule[] = [];
  readonly role: Role;

  constructor(scope: Construct, id: string, props: IngestionRulesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new Role(this, 'StartTriageRole', {
      // Only EventBridge acting for this account's rules (no confused deputy).
      assumedBy: new ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'EventBridge: start executions of the triage workflow',
    });
    props.target.grantStartExecution(this.role);

    const queue = props.deadLetterQueue;
    const deadLetterTarget = Queue.fromQueueAttributes(this, 'DeadLetterTarget', {
      queueArn: queue.queueArn,
      queueUrl: queue.queueUrl,
      queueName: queue.queueName,
      keyArn: queue.encryptionMasterKey?.keyArn,
    });
    const namePrefix = `${stack.stackName}-ingest-`;
    const sourceArns: string[] = [];
    for (const { id: busId, bus } of props.buses) {
      sourceArns.push(ruleArnPattern(stack, bus, `${namePrefix}*`));
      for (const { id: patternId, description, pattern } of props.patterns) {
        const ruleName = assertRuleName(`${namePrefix}${busId}-${patternId}`, 'shorten the stack name');
        const rule = new Rule(this, `${busId}${patternId}`, {
          ruleName,
          eventBus: bus,
          description: `${description} (${busId} bus)`,
          eventPattern: pattern,
        });
        validateEventPatternSize(rule.node.defaultChild as CfnRule);
        rule.addTarget(
          new SfnStateMachine(props.target, {
            role: this.role,
            deadLetterQueue: deadLetterTarget,
            retryAttempts: DELIVERY_RETRY.attempts,
            maxEventAge: DELIVERY_RETRY.maxEventAge,
          }),
        );
        this.rules.push(rule);
      }
    }
    if (this.rules.length > 0) {
      queue.addToResourcePolicy(
        new PolicyStatement({
          sid: 'AllowIngestionRulesDeadLetters',
          principals: [new ServicePrincipal('events.amazonaws.com')],
          actions: ['sqs:SendMessage'],
          resources: [queue.queueArn],
          conditions: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnLike: { 'aws:SourceArn': sourceArns },
          },
        }),
      );
    }
  }
}

/**
 * ARN pattern of a rule on `bus` in this account and region: `rule/<name>` on the default bus,
 * `rule/<bus name>/<name>` on a custom bus.
 */
function ruleArnPattern(stack: Stack, bus: IEventBus, name: string): string {
  const resourceName = bus.eventBusName === 'default' ? name : `${bus.eventBusName}/${name}`;
  return stack.formatArn({ service: 'events', resource: 'rule', resourceName });
}
