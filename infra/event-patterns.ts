import type { EventPattern } from 'aws-cdk-lib/aws-events';
import { RuleBook } from '../functions/rulebook/engine';
import {
  activityEventPatterns,
  COMPLIANCE_CHANGE_PATTERN,
  COST_ANOMALY_PATTERN,
  MAX_EVENT_PATTERN_LENGTH,
} from '../functions/rulebook/ingestion';
import { CONFIG_ITEM_CHANGE_DETAIL_TYPE } from '../functions/rulebook/normalizers/events/classify';
import { supportedResourceTypes } from '../functions/rulebook/normalizers/load';

/**
 * The EventBridge patterns that decide what reaches the triage workflow, derived from the rule book
 * itself (never a hand-kept list): content filtering at the bus drops everything no rule would look
 * at before anything is paid for. Used for the central bus, the central default bus and the member
 * accounts' forwarding rules alike, so all three filter the same way.
 *
 * A pattern that would match nothing (no rule needs that input yet) is left out, because EventBridge
 * rejects an empty list in a pattern (`"eventName": []` is invalid) and a rule that can never fire is
 * noise.
 */
export interface IngestionPattern {
  /** Construct id suffix and description. */
  id: string;
  description: string;
  pattern: EventPattern;
}

/** Resource types worth a Config item change: a normalizer exists and at least one rule judges it. */
export function configResourceTypes(book: RuleBook): string[] {
  const normalized = supportedResourceTypes();
  const forEveryType = book.rules.some(
    (rule) => rule.appliesTo.kind === 'resource' && rule.appliesTo.resourceTypes.includes('*'),
  );
  if (forEveryType) return normalized;
  const judged = new Set(book.resourceTypes());
  return normalized.filter((type) => judged.has(type));
}

/** A CDK `EventPattern` in the raw EventBridge JSON form (`detailType` -> `detail-type`). */
export function renderEventPattern(pattern: EventPattern): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pattern)) {
    if (value === undefined) continue;
    out[key === 'detailType' ? 'detail-type' : key] = value;
  }
  return out;
}

/**
 * The size EventBridge checks against its "Event pattern size" quota (2,048 characters by default,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html): the length of the
 * pattern's JSON string as CloudFormation passes it to PutRule. The AWS::Events::Rule handler writes
 * the template's `EventPattern` object with a default Jackson `ObjectMapper` (compact, no
 * whitespace: aws-cloudformation/aws-cloudformation-resource-providers-events,
 * aws-events-rule/.../Translator.java `translateToPutRuleRequest`), which for these ASCII patterns
 * is exactly `JSON.stringify`. `raw` is the pattern in its deployed form (`renderEventPattern`).
 */
export function eventPatternLength(raw: unknown): number {
  return JSON.stringify(raw).length;
}

/** Raw EventBridge JSON (`detail-type`) to the CDK shape (`detailType`). */
function fromRaw(raw: Record<string, unknown>): EventPattern {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) out[key === 'detail-type' ? 'detailType' : key] = value;
  return out as EventPattern;
}

export function ingestionPatterns(book: RuleBook = new RuleBook()): IngestionPattern[] {
  const patterns: IngestionPattern[] = [];

  patterns.push(...configItemChangePatterns(configResourceTypes(book)));

  patterns.push({
    id: 'ComplianceChanges',
    description: 'AWS Config rule compliance changes',
    pattern: fromRaw(COMPLIANCE_CHANGE_PATTERN),
  });

  // The core's own pattern module (functions/rulebook/ingestion.ts) groups activity by event
  // source and keeps root-user activity apart, so the infra never keeps a second copy of that logic.
  activityEventPatterns(book).forEach((raw, index) => {
    patterns.push({
      id: `Activity${index + 1}`,
      description: 'CloudTrail activity (API calls, console sign-ins) that an activity rule judges',
      pattern: fromRaw(raw),
    });
  });

  patterns.push({
    id: 'CostAnomalies',
    description: 'Cost Anomaly Detection alerts',
    pattern: fromRaw(COST_ANOMALY_PATTERN),
  });
  return patterns;
}

/**
 * Each Config item-change pattern of a split is packed up to this length, three quarters of the
 * limit, so every part stays well under it.
 */
export const CONFIG_PART_TARGET_LENGTH = Math.floor((MAX_EVENT_PATTERN_LENGTH * 3) / 4);

/**
 * The Config item-change pattern(s) for `types`. The type list is written twice (normal and
 * oversized notifications), so it is what outgrows EventBridge's pattern size first (34 types
 * were 1,788 of the 2,048 characters). While one pattern fits it is the single `ConfigItemChanges`
 * pattern; beyond that the types, in the order given (`configResourceTypes`: sorted), are packed
 * greedily into parts of at most `CONFIG_PART_TARGET_LENGTH` characters, with ids
 * `ConfigItemChanges`, `ConfigItemChanges2`, `ConfigItemChanges3`, …:
 *
 * - the parts are disjoint (a notification has one resource type, and each type is in one part),
 *   so an item change still starts one triage and a member account forwards it once;
 * - the first part keeps the id (hence the rule names and logical ids) of the single pattern, so
 *   the split updates the existing rules in place and only adds rules; more types later add parts
 *   at the end, and the names of the existing ones never change;
 * - every rule name keeps the prefixes the dead-letter policies allow (`<stack>-ingest-*`,
 *   `compliance-bot-forward-*`).
 *
 * A type that moves to another part when types are added before it moves between two rules that
 * CloudFormation updates separately: for the seconds in between, its item changes may match both
 * rules or neither.
 */
export function configItemChangePatterns(types: readonly string[]): IngestionPattern[] {
  if (types.length === 0) return [];
  const description =
    'AWS Config item changes (normal and oversized) for the resource types the rule book checks';
  const whole = configItemChangePattern(types);
  if (eventPatternLength(renderEventPattern(whole)) <= MAX_EVENT_PATTERN_LENGTH) {
    return [{ id: 'ConfigItemChanges', description, pattern: whole }];
  }
  const parts: string[][] = [];
  let part: string[] = [];
  for (const type of types) {
    part.push(type);
    const length = eventPatternLength(renderEventPattern(configItemChangePattern(part)));
    if (part.length > 1 && length > CONFIG_PART_TARGET_LENGTH) {
      part.pop();
      parts.push(part);
      part = [type];
    }
  }
  parts.push(part);
  return parts.map((partTypes, index) => ({
    id: index === 0 ? 'ConfigItemChanges' : `ConfigItemChanges${index + 1}`,
    description: `${description}, part ${index + 1}`,
    pattern: configItemChangePattern(partTypes),
  }));
}

function configItemChangePattern(types: readonly string[]): EventPattern {
  return {
    source: ['aws.config'],
    detailType: [CONFIG_ITEM_CHANGE_DETAIL_TYPE],
    // Oversized notifications carry configurationItemSummary instead of configurationItem:
    // filtering on configurationItem.resourceType alone would silently drop them (aws-facts §0.5).
    detail: {
      $or: [
        { configurationItem: { resourceType: [...types] } },
        { configurationItemSummary: { resourceType: [...types] } },
      ],
    },
  };
}
