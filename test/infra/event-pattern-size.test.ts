import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { MAX_EVENT_PATTERN_LENGTH } from '../../functions/rulebook/ingestion';
import {
  configItemChangePatterns,
  eventPatternLength,
  type IngestionPattern,
} from '../../infra/event-patterns';
import { FORWARDING_RULE_NAME_PREFIX, MemberStack } from '../../infra/stacks/member-stack';
import { ingestionRulesStack, resourcesOf } from './support';

type Json = Record<string, unknown>;

/** `count` made-up Config resource types, sorted. */
const syntheticTypes = (count: number) =>
  Array.from(
    { length: count },
    (_, i) => `AWS::Synthetic${String(i).padStart(3, '0')}::SomeResourceType${i}`,
  ).sort();

/** A central-style stack (IngestionRules on a custom and the default bus) and a member stack for `patterns`. */
function build(patterns: IngestionPattern[]) {
  const app = new App();
  ingestionRulesStack(app, patterns);
  new MemberStack(app, 'Member', { organizationId: 'o-exampleorg1', patterns });
  return app;
}

const rulesOf = (template: Json) =>
  Object.values(resourcesOf(template, 'AWS::Events::Rule')).map((r) => r.Properties as Json);
const configTypesOf = (rule: Json) =>
  (rule.EventPattern as { detail: { $or: [{ configurationItem: { resourceType: string[] } }] } }).detail
    .$or[0].configurationItem.resourceType;

describe('EventBridge event pattern size at synth', () => {
  it('turns a split Config pattern into one rule per part on each bus and one forwarding rule per part, each within the limit', () => {
    // Prepare
    const types = syntheticTypes(150);
    const patterns = configItemChangePatterns(types);
    expect(patterns.length).toBeGreaterThan(2);
    // Act
    const assembly = build(patterns).synth();
    const central = rulesOf(assembly.getStackByName('Scale').template);
    const member = rulesOf(assembly.getStackByName('Member').template);
    // Assess
    const partIds = patterns.map((p) => p.id);
    expect(central.map((r) => r.Name).sort()).toEqual(
      ['Custom', 'Default'].flatMap((bus) => partIds.map((id) => `Scale-ingest-${bus}-${id}`)).sort(),
    );
    expect(member.map((r) => r.Name).sort()).toEqual(
      partIds.map((id) => `${FORWARDING_RULE_NAME_PREFIX}${id}`).sort(),
    );
    for (const rule of [...central, ...member]) {
      expect(eventPatternLength(rule.EventPattern), String(rule.Name)).toBeLessThanOrEqual(
        MAX_EVENT_PATTERN_LENGTH,
      );
    }
    // Each bus, and each member account, still lists every type exactly once.
    for (const rules of [
      central.filter((r) => r.EventBusName === 'default'),
      central.filter((r) => r.EventBusName !== 'default'),
      member,
    ]) {
      expect(rules.flatMap(configTypesOf).sort()).toEqual(types);
    }
  });

  it('fails synthesis naming the central rule whose pattern is still too long (one event-name list)', () => {
    // Prepare: one list nothing splits, longer than EventBridge accepts.
    const names = Array.from({ length: 80 }, (_, i) => `SomeRatherLongApiOperationName${i}`);
    const huge: IngestionPattern = {
      id: 'Huge',
      description: 'too long',
      pattern: { detailType: ['AWS API Call via CloudTrail'], detail: { eventName: names } },
    };
    // Act / Assess
    expect(() => build([huge]).synth()).toThrow(
      /EventBridge rule "Scale-ingest-Custom-Huge": its event pattern is \d{4} characters, over the 2048 EventBridge accepts/,
    );
  });

  it('fails synthesis naming the forwarding rule of a member account too', () => {
    // Prepare
    const app = new App();
    new MemberStack(app, 'Member', {
      organizationId: 'o-exampleorg1',
      patterns: [
        { id: 'Huge', description: 'too long', pattern: { source: ['x'.repeat(MAX_EVENT_PATTERN_LENGTH)] } },
      ],
    });
    // Act / Assess
    expect(() => app.synth()).toThrow(
      /EventBridge rule "compliance-bot-forward-Huge": its event pattern is 2063 characters/,
    );
  });

  it('accepts a pattern of exactly 2,048 characters', () => {
    // Prepare: {"source":["xxx…"]} is 15 characters around the value.
    const pattern = { source: ['x'.repeat(MAX_EVENT_PATTERN_LENGTH - 15)] };
    expect(eventPatternLength(pattern)).toBe(MAX_EVENT_PATTERN_LENGTH);
    // Act / Assess
    expect(() => build([{ id: 'Edge', description: 'at the limit', pattern }]).synth()).not.toThrow();
  });
});
