import { Duration, Stack } from 'aws-cdk-lib';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { IngestionPattern } from '../event-patterns';

/**
 * How long EventBridge keeps retrying a failed delivery before the event goes to the dead-letter
 * queue: 8 attempts (exponential back-off by EventBridge) within 2 hours. The same for the central
 * rules (to the triage workflow) and the member forwarding rules (to the central bus), so an event
 * waits at most this long at either hop before it is dead-lettered.
 */
export const DELIVERY_RETRY = { attempts: 8, maxEventAge: Duration.hours(2) } as const;

export interface IngestionRulesProps {
  /** Buses to listen on: the central custom bus and the central account's default bus. */
  buses: ReadonlyArray<{ id: string; bus: IEventBus }>;
  patterns: readonly IngestionPattern[];
  target: IStateMachine;
  deadLetterQueue: IQueue;
}

/**
 * One EventBridge rule per (bus, pattern), each starting the triage workflow with the whole event
 * as input. One role (assumed by EventBridge) may start executions of that workflow only. Delivery
 * is retried as `DELIVERY_RETRY` says (8 attempts within 2 hours); what still fails goes to the
 * encrypted dead-letter queue with the error attributes EventBridge adds.
 */
export class IngestionRules extends Construct {
  readonly rules: Rule[] = [];
  readonly role: Role;

  constructor(scope: Construct, id: string, props: IngestionRulesProps) {
    super(scope, id);
    this.role = new Role(this, 'StartTriageRole', {
      // Only EventBridge acting for this account's rules (no confused deputy).
      assumedBy: new ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
      }),
      description: 'EventBridge: start executions of the triage workflow',
    });
    props.target.grantStartExecution(this.role);
    for (const { id: busId, bus } of props.buses) {
      for (const { id: patternId, description, pattern } of props.patterns) {
        const rule = new Rule(this, `${busId}${patternId}`, {
          eventBus: bus,
          description: `${description} (${busId} bus)`,
          eventPattern: pattern,
        });
        rule.addTarget(
          new SfnStateMachine(props.target, {
            role: this.role,
            deadLetterQueue: props.deadLetterQueue,
            retryAttempts: DELIVERY_RETRY.attempts,
            maxEventAge: DELIVERY_RETRY.maxEventAge,
          }),
        );
        this.rules.push(rule);
      }
    }
  }
}
