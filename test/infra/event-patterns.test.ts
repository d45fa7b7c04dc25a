import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleBook } from '../../functions/rulebook/engine';
import { notApplicable } from '../../functions/rulebook/model/evaluation';
import { supportedResourceTypes } from '../../functions/rulebook/normalizers/load';
import { type AnyRule, defineRule } from '../../functions/rulebook/rule';
import { RULES } from '../../functions/rulebook/rules/index';
import { configResourceTypes, ingestionPatterns } from '../../infra/event-patterns';
import { renderEventPattern } from '../../infra/stacks/member-stack';
import { matchesPattern } from './pattern-matcher';

const event = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'events', name), 'utf8')) as Record<
    string,
    unknown
  >;

const meta = {
  pillar: 'security',
  severity: 'high',
  source: { seed: '001', section: 'test' },
  rationale: 'test',
  recommendation: 'test',
  expectedImpact: 'test',
} as const;
const activityRule = (id: string, eventNames: string[]) =>
  defineRule({
    ...meta,
    id,
    title: id,
    appliesTo: { kind: 'activity', eventNames },
    evaluate: () => notApplicable('test'),
  }) as unknown as AnyRule;

const registry = Object.values(RULES) as AnyRule[];
function patternFor(book: RuleBook, id: string) {
  // Config item changes, cost anomalies and compliance changes keep their ids in both code paths.
  const found = ingestionPatterns(book).find((p) => p.id === id);
  return found ? renderEventPattern(found.pattern) : undefined;
}

describe('ingestion patterns derived from the rule book', () => {
  it('restricts Config item changes to types with a normalizer and a rule, never a hand-kept list', () => {
    const types = configResourceTypes(new RuleBook());
    expect(types.length).toBeGreaterThan(0);
    for (const type of types) expect(supportedResourceTypes()).toContain(type);
    // Disabling every rule of a type takes the type out of the filter.
    const disabled = new RuleBook(undefined, {
      ...new RuleBook().config,
      disabledRules: registry.map((rule) => rule.id),
    });
    expect(configResourceTypes(disabled)).toEqual([]);
    expect(ingestionPatterns(disabled).map((p) => p.id)).not.toContain('ConfigItemChanges');
  });

  it('matches normal and oversized Config notifications through $or', () => {
    const pattern = patternFor(new RuleBook(), 'ConfigItemChanges');
    expect(pattern?.detail).toEqual({
      $or: [
        { configurationItem: { resourceType: configResourceTypes(new RuleBook()) } },
        { configurationItemSummary: { resourceType: configResourceTypes(new RuleBook()) } },
      ],
    });
    expect(matchesPattern(pattern, event('config-ci-s3-bucket.json'))).toBe(true);
    expect(matchesPattern(pattern, event('config-ci-oversized.json'))).toBe(true);
    expect(matchesPattern(pattern, event('cloudtrail-putbucketpolicy.json'))).toBe(false);
  });

  const allPatterns = (book: RuleBook) => ingestionPatterns(book).map((p) => renderEventPattern(p.pattern));
  const anyMatches = (book: RuleBook, e: Record<string, unknown>) =>
    allPatterns(book).some((pattern) => matchesPattern(pattern, e));
  /** Only the test rules: no registry rule (e.g. root-activity rules) widens the filter here. */
  const activityOnly = new RuleBook([
    activityRule('test-stop-logging', ['StopLogging', 'DeleteTrail']),
    activityRule('test-console-login', ['ConsoleLogin']),
  ]);

  it('lets no CloudTrail event through when no activity rule exists (and never writes an empty list)', () => {
    const book = new RuleBook(registry.filter((rule) => rule.appliesTo.kind !== 'activity'));
    for (const pattern of allPatterns(book)) expect(JSON.stringify(pattern)).not.toContain('[]');
    expect(anyMatches(book, event('cloudtrail-stoplogging.json'))).toBe(false);
    expect(anyMatches(book, event('cloudtrail-consolelogin-root-nomfa.json'))).toBe(false);
  });

  it('lets through the API calls an activity rule judges, only when they succeeded', () => {
    expect(anyMatches(activityOnly, event('cloudtrail-stoplogging.json'))).toBe(true);
    expect(anyMatches(activityOnly, event('cloudtrail-deletetrail.json'))).toBe(true);
    // AccessDenied: the call changed nothing.
    expect(anyMatches(activityOnly, event('cloudtrail-stoplogging-accessdenied.json'))).toBe(false);
    // No rule of this book looks at PutBucketPolicy: dropped at the bus.
    expect(anyMatches(activityOnly, event('cloudtrail-putbucketpolicy.json'))).toBe(false);
    for (const pattern of allPatterns(activityOnly)) {
      const names = (pattern.detail as { eventName?: string[] } | undefined)?.eventName ?? [];
      expect(names).not.toContain('*');
    }
  });

  it('matches console sign-ins under both detail-type spellings', () => {
    const signIn = event('cloudtrail-consolelogin-root-nomfa.json');
    expect(anyMatches(activityOnly, signIn)).toBe(true);
    expect(anyMatches(activityOnly, { ...signIn, 'detail-type': 'AWS Console Signin via CloudTrail' })).toBe(
      true,
    );
    expect(anyMatches(activityOnly, { ...signIn, 'detail-type': 'AWS Console Sign In via CloudTrail' })).toBe(
      true,
    );
  });

  it('always forwards cost anomalies and compliance changes', () => {
    expect(
      matchesPattern(patternFor(new RuleBook(), 'CostAnomalies'), event('ce-anomaly-detected.json')),
    ).toBe(true);
    expect(
      matchesPattern(
        patternFor(new RuleBook(), 'ComplianceChanges'),
        event('config-rules-compliance-change.json'),
      ),
    ).toBe(true);
  });
});
