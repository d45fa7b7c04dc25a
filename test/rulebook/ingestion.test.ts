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
  MAX_EVENT_PATTERN_LENGTH,
} from '../../functions/rulebook/ingestion';
import { matchesPattern } from '../support/event-pattern-matcher';
import { FIXTURES, fixture, stubActivityRule } from '../support/rule-harness';

const book = new RuleBook();
const patterns: EventPattern[] = [
  ...activityEventPatterns(book),
  COST_ANOMALY_PATTERN,
  COMPLIANCE_CHANGE_PATTERN,
];
const anyMatch = (event: unknown) => patterns.some((p) => matchesPattern(p, event));
/** The patterns (of `list`) an event matches: each is one EventBridge rule, i.e. one triage execution. */
const matching = (event: unknown, list: EventPattern[] = patterns) =>
  list.filter((p) => matchesPattern(p, event));
const ROOT_PATTERN = { userIdentity: { type: ['Root'] } };
const isRootPattern = (p: EventPattern) => JSON.stringify(p.detail) === JSON.stringify(ROOT_PATTERN);

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

  it.each(files)('%s reaches the bot through exactly one pattern (one triage execution)', (path) => {
    expect(matching(fixture(path))).toHaveLength(1);
  });

  it.each([
    'events/cloudtrail-consolelogin-root-nomfa.json',
    'activity/cloudtrail-root-api-call.json',
    'activity/cloudtrail-createaccesskey-root.json',
  ])('root activity (%s) matches only the root pattern, even when a named-event pattern lists it', (path) => {
    const found = matching(fixture(path));
    expect(found).toHaveLength(1);
    expect(isRootPattern(found[0]!)).toBe(true);
  });

  it('a non-root API call matches only the pattern of its event source', () => {
    const found = matching(fixture('events/cloudtrail-stoplogging.json'));
    expect(found).toHaveLength(1);
    expect(found[0]!.source).toEqual(['aws.cloudtrail']);
  });

  it('a failed root call still reaches the bot once, through the root pattern (kept on purpose)', () => {
    const event = structuredClone(
      fixture<{ detail: Record<string, unknown> }>('events/cloudtrail-stoplogging-accessdenied.json'),
    );
    event.detail.userIdentity = { type: 'Root', arn: 'arn:aws:iam::111122223333:root' };
    const found = matching(event);
    expect(found).toHaveLength(1);
    expect(isRootPattern(found[0]!)).toBe(true);
  });

  it('an event without userIdentity.type still matches its named-event pattern', () => {
    const event = structuredClone(
      fixture<{ detail: Record<string, unknown> }>('events/cloudtrail-stoplogging.json'),
    );
    delete event.detail.userIdentity;
    expect(matching(event)).toHaveLength(1);
  });

  it('without rules for every event there is no root pattern, and root calls of named events still match', () => {
    const named = new RuleBook([stubActivityRule('test-stop-logging', { eventNames: ['StopLogging'] })]);
    const only = activityEventPatterns(named);
    expect(only.some(isRootPattern)).toBe(false);
    const event = structuredClone(
      fixture<{ detail: Record<string, unknown> }>('events/cloudtrail-stoplogging.json'),
    );
    event.detail.userIdentity = { type: 'Root', arn: 'arn:aws:iam::111122223333:root' };
    expect(matching(event, only)).toHaveLength(1);
  });

  it('keeps patterns disjoint when rules share event names across sources, or name no source', () => {
    const mixed = new RuleBook([
      stubActivityRule('test-iam', {
        eventNames: ['CreateUser', 'DeleteUser'],
        eventSources: ['iam.amazonaws.com'],
      }),
      stubActivityRule('test-iam-sts', {
        eventNames: ['CreateUser', 'AssumeRole'],
        eventSources: ['iam.amazonaws.com', 'sts.amazonaws.com'],
      }),
      stubActivityRule('test-anywhere', { eventNames: ['DeleteUser', 'TagResource'] }),
    ]);
    const list = activityEventPatterns(mixed);
    const call = (eventSource: string, eventName: string) => ({
      source: eventBridgeSource(eventSource),
      'detail-type': 'AWS API Call via CloudTrail',
      detail: { eventSource, eventName, userIdentity: { type: 'IAMUser' } },
    });
    for (const [source, name] of [
      ['iam.amazonaws.com', 'CreateUser'],
      ['iam.amazonaws.com', 'DeleteUser'],
      ['iam.amazonaws.com', 'AssumeRole'],
      ['iam.amazonaws.com', 'TagResource'],
      ['sts.amazonaws.com', 'AssumeRole'],
      ['sts.amazonaws.com', 'TagResource'],
      ['kms.amazonaws.com', 'TagResource'],
    ] as const) {
      expect(matching(call(source, name), list), `${source} ${name}`).toHaveLength(1);
    }
    expect(matching(call('kms.amazonaws.com', 'CreateUser'), list)).toHaveLength(0);
  });

  it('keeps every pattern within 2,048 characters, splitting a long name list into disjoint parts', () => {
    for (const p of patterns) expect(JSON.stringify(p).length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_LENGTH);
    const names = Array.from({ length: 300 }, (_, i) => `SomeRatherLongApiOperationName${i}`);
    const big = activityEventPatterns(
      new RuleBook([
        stubActivityRule('test-many', { eventNames: names, eventSources: ['ec2.amazonaws.com'] }),
      ]),
    );
    expect(big.length).toBeGreaterThan(1);
    for (const p of big) expect(JSON.stringify(p).length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_LENGTH);
    const listed = big.flatMap((p) => (p.detail as { eventName: string[] }).eventName);
    expect(listed.sort()).toEqual([...names].sort());
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

  it.each([
    'events/cloudtrail-consolelogin-root-nomfa.json',
    'activity/cloudtrail-createaccesskey-root.json',
    'events/cloudtrail-stoplogging.json',
    'events/ce-anomaly-detected.json',
    'events/config-rules-compliance-change.json',
  ])(
    '%s posted with PutEvents under a non-AWS source reaches no pattern (forged events are dropped)',
    (path) => {
      const forged = structuredClone(fixture<{ source: string }>(path));
      expect(anyMatch(forged)).toBe(true);
      forged.source = 'acme.forged';
      expect(anyMatch(forged)).toBe(false);
    },
  );

  it('every activity pattern requires an AWS source', () => {
    for (const pattern of activityEventPatterns(book)) {
      const source = pattern.source as unknown[];
      expect(
        source.every((s) =>
          typeof s === 'string' ? s.startsWith('aws.') : JSON.stringify(s) === '{"prefix":"aws."}',
        ),
      ).toBe(true);
    }
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
