import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkJson from '../../cdk.json';
import { CENTRAL_STACK_ID, type ComposedApp, composeApp, MEMBER_STACK_ID } from '../../infra/app';
import type { InfraConfigInput } from '../../infra/config';

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
 * A small EventBridge pattern matcher (literal lists, `exists`, `$or`, nested objects): enough to
 * check the synthesized patterns against the real sample events. It is not EventBridge; the samples
 * are the contract, `aws events test-event-pattern` the final word.
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (typeof pattern !== 'object' || pattern === null) return false;
  const p = pattern as Record<string, unknown>;
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  for (const [key, expected] of Object.entries(p)) {
    if (key === '$or') {
      if (!(expected as unknown[]).some((branch) => matchesPattern(branch, e))) return false;
      continue;
    }
    const actual = e[key];
    if (Array.isArray(expected)) {
      const ok = expected.some((option) => {
        if (typeof option === 'object' && option !== null && 'exists' in option) {
          return (option as { exists: boolean }).exists === (actual !== undefined);
        }
        return Array.isArray(actual) ? actual.includes(option) : actual === option;
      });
      if (!ok) return false;
    } else if (!matchesPattern(expected, actual)) {
      return false;
    }
  }
  return true;
}
