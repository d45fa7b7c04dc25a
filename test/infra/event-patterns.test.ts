import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleBook } from '../../functions/rulebook/engine';
import { supportedResourceTypes } from '../../functions/rulebook/normalizers/load';
import type { AnyRule } from '../../functions/rulebook/rule';
import { RULES } from '../../functions/rulebook/rules/index';
import { configResourceTypes, ingestionPatterns } from '../../infra/event-patterns';
import { renderEventPattern } from '../../infra/stacks/member-stack';
import { matchesPattern } from '../support/event-pattern-matcher';
import { stubActivityRule } from '../support/rule-harness';

const event = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'events', name), 'utf8')) as Record<
    string,
    unknown
  >;

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
    stubActivityRule('test-stop-logging', { eventNames: ['StopLogging', 'DeleteTrail'] }),
    stubActivityRule('test-console-login', { eventNames: ['ConsoleLogin'] }),
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

  describe('each event starts one triage: no event matches two rules of a bus', () => {
    // The central rules (both buses) and the member forwarding rules all use these patterns.
    const patterns = ingestionPatterns(new RuleBook()).map((p) => ({
      id: p.id,
      pattern: renderEventPattern(p.pattern),
    }));
    const matchingIds = (e: unknown) => patterns.filter((p) => matchesPattern(p.pattern, e)).map((p) => p.id);
    const rootPatternId = patterns.find((p) =>
      matchesPattern(p.pattern, {
        'detail-type': 'AWS Service Event via CloudTrail',
        detail: { userIdentity: { type: 'Root' } },
      }),
    )?.id;
    const fixturesDir = join(__dirname, '..', 'fixtures');
    const samples: Array<[string, unknown]> = [
      ...readFileSync(join(__dirname, '..', '..', 'examples', 'events.jsonl'), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line, i): [string, unknown] => [`examples/events.jsonl:${i + 1}`, JSON.parse(line)]),
      ...['events', 'activity'].flatMap((dir) =>
        readdirSync(join(fixturesDir, dir))
          .filter((f) => f.endsWith('.json'))
          .map((f): [string, unknown] => [
            `${dir}/${f}`,
            JSON.parse(readFileSync(join(fixturesDir, dir, f), 'utf8')),
          ])
          .filter(([, e]) => typeof e === 'object' && e !== null && 'detail-type' in e),
      ),
    ];

    it('has a root pattern to test against', () => {
      expect(rootPatternId).toBeDefined();
    });

    it.each(samples)('%s matches at most one pattern', (_, e) => {
      expect(matchingIds(e).length).toBeLessThanOrEqual(1);
    });

    it('a root sign-in without MFA matches only the root pattern', () => {
      expect(matchingIds(event('cloudtrail-consolelogin-root-nomfa.json'))).toEqual([rootPatternId]);
    });

    it('a root API call matches only the root pattern, also when its event name has a pattern', () => {
      const rootCall = JSON.parse(
        readFileSync(join(fixturesDir, 'activity', 'cloudtrail-createaccesskey-root.json'), 'utf8'),
      );
      expect(matchingIds(rootCall)).toEqual([rootPatternId]);
      const asIamUser = structuredClone(rootCall);
      asIamUser.detail.userIdentity = (
        event('cloudtrail-createaccesskey.json').detail as Record<string, unknown>
      ).userIdentity;
      const [named] = matchingIds(asIamUser);
      expect(named).toBeDefined();
      expect(named).not.toBe(rootPatternId);
    });

    it('a non-root API call matches exactly one named-event pattern', () => {
      const ids = matchingIds(event('cloudtrail-stoplogging.json'));
      expect(ids).toHaveLength(1);
      expect(ids[0]).not.toBe(rootPatternId);
    });
  });
});
