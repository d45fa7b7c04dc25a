import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleBook } from '../../functions/rulebook/engine';
import {
  activityEventPatterns,
  COMPLIANCE_CHANGE_PATTERN,
  COST_ANOMALY_PATTERN,
  type EventPattern,
  eventBridgeSource,
} from '../../functions/rulebook/ingestion';
import { FIXTURES, fixture } from '../support/rule-harness';

/**
 * A small EventBridge matcher for the operators the patterns use (value lists and `exists`);
 * enough to check the patterns against the fixtures. Confirm with `aws events test-event-pattern`.
 */
function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some((p) => {
      if (typeof p === 'object' && p !== null && 'exists' in p)
        return (value !== undefined) === (p as { exists: boolean }).exists;
      return Array.isArray(value) ? value.includes(p) : value === p;
    });
  }
  if (typeof pattern === 'object' && pattern !== null) {
    return Object.entries(pattern).every(([key, sub]) => {
      const child =
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
      if (Array.isArray(sub) && sub.some((p) => typeof p === 'object' && p !== null && 'exists' in p))
        return matches(sub, child);
      return child !== undefined && child !== null && matches(sub, child);
    });
  }
  return false;
}

const book = new RuleBook();
const patterns: EventPattern[] = [
  ...activityEventPatterns(book),
  COST_ANOMALY_PATTERN,
  COMPLIANCE_CHANGE_PATTERN,
];
const anyMatch = (event: unknown) => patterns.some((p) => matches(p, event));

describe('ingestion patterns derived from the rule book', () => {
  const files = [
    ...readdirSync(join(FIXTURES, 'activity'))
      .filter((f) => f.endsWith('.json') && f !== 'cloudtrail-log-file.json')
      .map((f) => `activity/${f}`),
    ...readdirSync(join(FIXTURES, 'events'))
      .filter((f) => f.startsWith('cloudtrail-') && !f.includes('accessdenied'))
      .map((f) => `events/${f}`),
    'events/ce-anomaly-detected.json',
    'events/config-rules-compliance-change.json',
  ];

  it.each(files)('%s reaches the bot', (path) => {
    expect(anyMatch(fixture(path))).toBe(true);
  });

  it('a failed API call is dropped at the bus', () => {
    expect(anyMatch(fixture('events/cloudtrail-stoplogging-accessdenied.json'))).toBe(false);
  });

  it('an unrelated call by an IAM user is dropped; the same call by root is kept', () => {
    const event = structuredClone(
      fixture<{ detail: Record<string, unknown> }>('events/cloudtrail-stoplogging.json'),
    );
    event.detail.eventName = 'DescribeTrails';
    expect(anyMatch(event)).toBe(false);
    event.detail.userIdentity = { type: 'Root', arn: 'arn:aws:iam::111122223333:root' };
    expect(anyMatch(event)).toBe(true);
  });

  it('a COMPLIANT verdict reaches the bot (it resolves findings)', () => {
    const event = structuredClone(
      fixture<{ detail: { newEvaluationResult: Record<string, unknown> } }>(
        'events/config-rules-compliance-change.json',
      ),
    );
    event.detail.newEvaluationResult.complianceType = 'COMPLIANT';
    expect(anyMatch(event)).toBe(true);
  });

  it('covers every event name of the book exactly once per source group', () => {
    const named = activityEventPatterns(book).flatMap(
      (p) => ((p.detail as { eventName?: string[] }).eventName ?? []) as string[],
    );
    expect(new Set(named)).toEqual(new Set(book.activityEventNames()));
  });

  it('maps event sources to EventBridge sources', () => {
    expect(eventBridgeSource('iam.amazonaws.com')).toBe('aws.iam');
    expect(eventBridgeSource('signin.amazonaws.com')).toBe('aws.signin');
  });
});
