import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { type IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import cdkJson from '../../cdk.json';
import { CENTRAL_STACK_ID, type ComposedApp, composeApp, MEMBER_STACK_ID } from '../../infra/app';
import type { InfraConfigInput } from '../../infra/config';
import { IngestionRules } from '../../infra/constructs/ingestion-rules';
import type { IngestionPattern } from '../../infra/event-patterns';

export const CDK_CONTEXT = cdkJson.context as Record<string, unknown>;
export const DEFAULT_CONFIG = CDK_CONTEXT.complianceBot as InfraConfigInput;

export interface Synthesized extends ComposedApp {
  app: App;
  centralTemplate: Template;
  memberTemplate: Template;
  /** The raw CloudFormation JSON of each stack, as `cdk synth` writes it. */
  centralJson: Record<string, unknown>;
  memberJson: Record<string, unknown>;
}

/**
 * Synthesizes the real app (cdk.json context, feature flags, cdk-nag on) without running esbuild
 * (`aws:cdk:bundling-stacks: []`). Synthesis throws if cdk-nag reports an unacknowledged finding.
 */
export function synthesize(
  config: Partial<InfraConfigInput> = {},
  options: { nag?: boolean } = {},
): Synthesized {
  const app = new App({
    context: {
      ...CDK_CONTEXT,
      'aws:cdk:bundling-stacks': [],
      complianceBot: { ...DEFAULT_CONFIG, ...config },
    },
  });
  const composed = composeApp(app, options);
  const assembly = app.synth();
  const centralJson = assembly.getStackByName(CENTRAL_STACK_ID).template as Record<string, unknown>;
  const memberJson = assembly.getStackByName(MEMBER_STACK_ID).template as Record<string, unknown>;
  return {
    ...composed,
    app,
    centralJson,
    memberJson,
    centralTemplate: Template.fromJSON(centralJson),
    memberTemplate: Template.fromJSON(memberJson),
  };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; Condition?: string }>;

/** Resources of one type in a raw template, by logical id. */
export function resourcesOf(template: Record<string, unknown>, type: string): Resources {
  const all = template.Resources as Resources;
  return Object.fromEntries(Object.entries(all).filter(([, r]) => r.Type === type));
}

/**
 * A small stack `Scale` (in `app`) holding only `IngestionRules` for `patterns`, on a custom bus
 * (`custom-bus`, id `Custom`) and the default bus (id `Default`), targeting an imported triage
 * workflow in account 123456789012, with the dead-letter queue `deadLetterQueue` builds (a plain
 * queue unless given).
 */
export function ingestionRulesStack(
  app: App,
  patterns: readonly IngestionPattern[],
  deadLetterQueue: (stack: Stack) => IQueue = (stack) => new Queue(stack, 'DeadLetters'),
): { stack: Stack; rules: IngestionRules } {
  const stack = new Stack(app, 'Scale');
  const rules = new IngestionRules(stack, 'Ingestion', {
    buses: [
      { id: 'Custom', bus: new EventBus(stack, 'Bus', { eventBusName: 'custom-bus' }) },
      { id: 'Default', bus: EventBus.fromEventBusName(stack, 'DefaultBus', 'default') },
    ],
    patterns,
    target: StateMachine.fromStateMachineArn(
      stack,
      'Target',
      'arn:aws:states:us-east-1:123456789012:stateMachine:triage',
    ),
    deadLetterQueue: deadLetterQueue(stack),
  });
  return { stack, rules };
}
