import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleBook } from '../../functions/rulebook/engine';
import { MAX_EVENT_PATTERN_LENGTH } from '../../functions/rulebook/ingestion';
import { supportedResourceTypes } from '../../functions/rulebook/normalizers/load';
import type { AnyRule } from '../../functions/rulebook/rule';
import { RULES } from '../../functions/rulebook/rules/index';
import {
  CONFIG_PART_TARGET_LENGTH,
  configItemChangePatterns,
  configResourceTypes,
  eventPatternLength,
  type IngestionPattern,
  ingestionPatterns,
  renderEventPattern,
} from '../../infra/event-patterns';
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
    const types = configResourceTypes(new RuleBook());
    // One pattern today; parts of the type list once it outgrows EventBridge's pattern size.
    const parts = ingestionPatterns(new RuleBook())
      .filter((p) => p.id.startsWith('ConfigItemChanges'))
      .map((p) => renderEventPattern(p.pattern));
    const listed = parts.flatMap((pattern) => {
      const [normal, oversized] = (
        pattern.detail as { $or: Array<Record<string, { resourceType: string[] }>> }
      ).$or as [
        { configurationItem: { resourceType: string[] } },
        { configurationItemSummary: { resourceType: string[] } },
      ];
      expect(oversized.configurationItemSummary.resourceType).toEqual(normal.configurationItem.resourceType);
      return normal.configurationItem.resourceType;
    });
    expect(listed).toEqual(types);
    const matching = (e: Record<string, unknown>) => parts.filter((pattern) => matchesPattern(pattern, e));
    expect(matching(event('config-ci-s3-bucket.json'))).toHaveLength(1);
    expect(matching(event('config-ci-oversized.json'))).toHaveLength(1);
    expect(matching(event('cloudtrail-putbucketpolicy.json'))).toHaveLength(0);
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
        source: 'aws.health',
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

describe('Config item changes split to fit EventBridge’s pattern size', () => {
  /** `count` made-up resource types, sorted as configResourceTypes returns them. */
  const syntheticTypes = (count: number) =>
    Array.from(
      { length: count },
      (_, i) => `AWS::Synthetic${String(i).padStart(3, '0')}::SomeResourceType${i}`,
    ).sort();
  /** The resource types a Config item-change pattern lists (both branches of its $or). */
  const typesOf = (p: IngestionPattern) => {
    const [normal, oversized] = (
      renderEventPattern(p.pattern).detail as { $or: Array<Record<string, unknown>> }
    ).$or as [
      { configurationItem: { resourceType: string[] } },
      { configurationItemSummary: { resourceType: string[] } },
    ];
    expect(oversized.configurationItemSummary.resourceType).toEqual(normal.configurationItem.resourceType);
    return normal.configurationItem.resourceType;
  };
  const itemChange = (resourceType: string, oversized: boolean) => ({
    source: 'aws.config',
    'detail-type': 'Config Configuration Item Change',
    detail: oversized
      ? {
          messageType: 'OversizedConfigurationItemChangeNotification',
          configurationItemSummary: { resourceType },
        }
      : { messageType: 'ConfigurationItemChangeNotification', configurationItem: { resourceType } },
  });

  /** The length of the one, unsplit pattern for `types`, built here by hand. */
  const unsplitLength = (types: string[]) =>
    JSON.stringify({
      source: ['aws.config'],
      'detail-type': ['Config Configuration Item Change'],
      detail: {
        $or: [
          { configurationItem: { resourceType: types } },
          { configurationItemSummary: { resourceType: types } },
        ],
      },
    }).length;

  it('keeps the single ConfigItemChanges pattern, as before, while it fits', () => {
    // Prepare
    const types = syntheticTypes(10);
    // Act
    const patterns = configItemChangePatterns(types);
    // Assess
    expect(patterns).toEqual([
      {
        id: 'ConfigItemChanges',
        description:
          'AWS Config item changes (normal and oversized) for the resource types the rule book checks',
        pattern: {
          source: ['aws.config'],
          detailType: ['Config Configuration Item Change'],
          detail: {
            $or: [
              { configurationItem: { resourceType: types } },
              { configurationItemSummary: { resourceType: types } },
            ],
          },
        },
      },
    ]);
    expect(configItemChangePatterns([])).toEqual([]);
    // The real rule book's Config patterns are exactly these, for its types.
    const book = new RuleBook();
    expect(ingestionPatterns(book).filter((p) => p.id.startsWith('ConfigItemChanges'))).toEqual(
      configItemChangePatterns(configResourceTypes(book)),
    );
  });

  it('splits a long type list into disjoint parts, each well under the limit, covering every type once', () => {
    // Prepare
    const types = syntheticTypes(400);
    expect(unsplitLength(types)).toBeGreaterThan(10 * MAX_EVENT_PATTERN_LENGTH);
    // Act
    const parts = configItemChangePatterns(types);
    // Assess
    expect(parts.length).toBeGreaterThan(10);
    expect(parts.map((p) => p.id)).toEqual(
      parts.map((_, i) => (i === 0 ? 'ConfigItemChanges' : `ConfigItemChanges${i + 1}`)),
    );
    for (const part of parts) {
      expect(eventPatternLength(renderEventPattern(part.pattern))).toBeLessThanOrEqual(
        CONFIG_PART_TARGET_LENGTH,
      );
      expect(renderEventPattern(part.pattern)).toMatchObject({
        source: ['aws.config'],
        'detail-type': ['Config Configuration Item Change'],
      });
    }
    expect(CONFIG_PART_TARGET_LENGTH).toBeLessThan(MAX_EVENT_PATTERN_LENGTH);
    // Every type exactly once, in order.
    expect(parts.flatMap(typesOf)).toEqual(types);
  });

  it('still starts one triage per item change: each type, normal or oversized, matches exactly one pattern of the set', () => {
    // Prepare: the other ingestion patterns of the real book, with the split Config patterns.
    const types = [...configResourceTypes(new RuleBook()), ...syntheticTypes(150)].sort();
    const patterns = [
      ...ingestionPatterns(new RuleBook()).filter((p) => !p.id.startsWith('ConfigItemChanges')),
      ...configItemChangePatterns(types),
    ].map((p) => ({ id: p.id, pattern: renderEventPattern(p.pattern) }));
    expect(patterns.filter((p) => p.id.startsWith('ConfigItemChanges')).length).toBeGreaterThan(1);
    // Act / Assess
    for (const type of types) {
      for (const oversized of [false, true]) {
        const ids = patterns
          .filter((p) => matchesPattern(p.pattern, itemChange(type, oversized)))
          .map((p) => p.id);
        expect(ids, `${type}${oversized ? ' (oversized)' : ''}`).toHaveLength(1);
        expect(ids[0]).toMatch(/^ConfigItemChanges\d*$/);
      }
    }
    expect(patterns.some((p) => matchesPattern(p.pattern, itemChange('AWS::Not::Judged', false)))).toBe(
      false,
    );
  });

  it('is deterministic, and types added at the end leave the earlier parts as they were', () => {
    // Prepare
    const types = syntheticTypes(200);
    // Act
    const before = configItemChangePatterns(types);
    const again = configItemChangePatterns([...types]);
    const grown = configItemChangePatterns([...types, 'AWS::Zzz::Later1', 'AWS::Zzz::Later2']);
    // Assess
    expect(again).toEqual(before);
    expect(grown.slice(0, before.length - 1).map(typesOf)).toEqual(before.slice(0, -1).map(typesOf));
    expect(grown.flatMap(typesOf)).toEqual([...types, 'AWS::Zzz::Later1', 'AWS::Zzz::Later2']);
  });

  it('splits only past the limit: a list whose single pattern is just within it stays one pattern', () => {
    // Prepare: the longest list whose one pattern is within 2,048 characters, and one type more.
    const all = syntheticTypes(200);
    let count = 1;
    while (unsplitLength(all.slice(0, count + 1)) <= MAX_EVENT_PATTERN_LENGTH) count += 1;
    expect(unsplitLength(all.slice(0, count))).toBeGreaterThan(CONFIG_PART_TARGET_LENGTH);
    // Act
    const fits = configItemChangePatterns(all.slice(0, count));
    const over = configItemChangePatterns(all.slice(0, count + 1));
    // Assess
    expect(fits).toHaveLength(1);
    expect(eventPatternLength(renderEventPattern(fits[0]!.pattern))).toBe(unsplitLength(all.slice(0, count)));
    expect(over).toHaveLength(2);
  });
});
