import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseRuleBookConfig, type RuleBookConfigInput } from '../../functions/rulebook/config';
import { Inventory } from '../../functions/rulebook/inventory';
import type { ActivityEvent } from '../../functions/rulebook/model/activity-event';
import type { CostAnomaly } from '../../functions/rulebook/model/cost-anomaly';
import { type Evaluation, notApplicable } from '../../functions/rulebook/model/evaluation';
import type { ResourceBase } from '../../functions/rulebook/model/resource';
import { normalizeConfigItem } from '../../functions/rulebook/normalizers/load';
import { normalizeTemplate } from '../../functions/rulebook/normalizers/load-template';
import { type AnyRule, defineRule, type Rule, type RuleContext } from '../../functions/rulebook/rule';

/**
 * Helpers for table-driven rule tests: each case feeds one real-shaped input through the real
 * normalizer and the rule, exactly as the scanner and the Lambda handlers do.
 */
export const FIXTURES = join(__dirname, '..', 'fixtures');

export function fixture<T = unknown>(relativePath: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, relativePath), 'utf8')) as T;
}

/** The configuration item inside a "Config Configuration Item Change" EventBridge fixture. */
export function configItemFromEvent(relativePath: string): Record<string, unknown> {
  return structuredClone(
    fixture<{ detail: { configurationItem: Record<string, unknown> } }>(relativePath).detail
      .configurationItem,
  );
}

export interface Options {
  config?: RuleBookConfigInput;
  inventory?: ResourceBase[];
  inventoryComplete?: boolean;
  now?: Date;
}

function context(options: Options = {}): RuleContext {
  return {
    config: parseRuleBookConfig(options.config ?? {}),
    inventory: new Inventory(options.inventory ?? [], { complete: options.inventoryComplete ?? false }),
    now: options.now ?? new Date('2026-11-22T12:00:00Z'),
  };
}

export function run<S>(rule: AnyRule | Rule<S>, subject: S, options: Options = {}): Evaluation {
  return (rule as Rule<S>).evaluate(subject, context(options));
}

/** Normalizes a Config item (notification or API model) and runs the rule on it. */
export function runOnConfigItem(rule: AnyRule, item: unknown, options: Options = {}): Evaluation {
  return run(rule as Rule<ResourceBase>, normalizeConfigItem(item, 'config'), options);
}

/**
 * Builds a one-file template (YAML, so short-form intrinsics work) from a `Resources` map, normalizes
 * it and runs the rule on `logicalId`. The other resources of the template form the inventory.
 */
export function runOnTemplate(
  rule: AnyRule,
  template: string | Record<string, unknown>,
  logicalId: string,
  options: Options = {},
): Evaluation {
  const text = typeof template === 'string' ? template : stringify(template);
  const { resources } = normalizeTemplate(text, 'template.yaml');
  const subject = resources.find((r) => r.id === logicalId);
  if (!subject) throw new Error(`no supported resource ${logicalId} in the test template`);
  return run(rule as Rule<ResourceBase>, subject, {
    ...options,
    inventory: options.inventory ?? resources,
    inventoryComplete: options.inventoryComplete ?? true,
  });
}

export function runOnActivity(rule: AnyRule, event: ActivityEvent, options: Options = {}): Evaluation {
  return run(rule as Rule<ActivityEvent>, event, options);
}

export function runOnCost(rule: AnyRule, anomaly: CostAnomaly, options: Options = {}): Evaluation {
  return run(rule as Rule<CostAnomaly>, anomaly, options);
}

/** A do-nothing activity rule for the event names (and sources) given: for tests of what the book routes. */
export function stubActivityRule(
  id: string,
  appliesTo: { eventNames: string[]; eventSources?: string[] },
): AnyRule {
  return defineRule({
    pillar: 'security',
    severity: 'high',
    source: { seed: '001', section: 'test' },
    rationale: 'test',
    recommendation: 'test',
    expectedImpact: 'test',
    id,
    title: id,
    appliesTo: { kind: 'activity', ...appliesTo },
    evaluate: () => notApplicable('test'),
  }) as unknown as AnyRule;
}
