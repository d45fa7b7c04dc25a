import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateSubject, RuleBook } from '../../../../functions/rulebook/engine';
import { NormalizationError } from '../../../../functions/rulebook/errors';
import { classifyEvent, classifyInput } from '../../../../functions/rulebook/normalizers/events/classify';
import { activityFromRecord } from '../../../../functions/rulebook/normalizers/events/cloudtrail-record';
import { costAnomalyFrom } from '../../../../functions/rulebook/normalizers/events/cost-anomaly';
import { FIXTURES, fixture } from '../../../support/rule-harness';

/**
 * Random and mutated events never throw anything but NormalizationError subclasses: a bad event
 * becomes a typed error the state machine sends to the dead-letter queue, never a crash.
 */
const eventFixtures = [
  ...readdirSync(join(FIXTURES, 'events'))
    .filter((f) => /^(cloudtrail|ce-anomaly-detected|config-)/.test(f))
    .map((f) => `events/${f}`),
  ...readdirSync(join(FIXTURES, 'activity'))
    .filter((f) => f.endsWith('.json') && f !== 'cloudtrail-log-file.json')
    .map((f) => `activity/${f}`),
];

/** Throws if `fn` throws anything but a NormalizationError. */
function onlyTypedErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof NormalizationError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
  }
}

const weirdValue = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(''),
  fc.constant('NaN'),
  fc.constant([]),
  fc.constant({}),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string(),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.anything(), { maxKeys: 3 }),
);

type Mutation = { path: number[]; value: unknown; remove: boolean };

/** Applies mutations at pseudo-random positions of the object tree (indexes pick among existing keys). */
function mutate(root: unknown, mutations: Mutation[]): unknown {
  const copy = structuredClone(root);
  for (const { path, value, remove } of mutations) {
    let node: unknown = copy;
    for (let depth = 0; depth < path.length; depth++) {
      if (typeof node !== 'object' || node === null) break;
      const keys = Object.keys(node as object);
      if (keys.length === 0) break;
      const key = keys[(path[depth] ?? 0) % keys.length] as string;
      const last = depth === path.length - 1;
      const child = (node as Record<string, unknown>)[key];
      if (last || typeof child !== 'object' || child === null) {
        if (remove && !Array.isArray(node)) delete (node as Record<string, unknown>)[key];
        else (node as Record<string, unknown>)[key] = value;
        break;
      }
      node = child;
    }
  }
  return copy;
}

const mutations = fc.array(
  fc.record({
    path: fc.array(fc.nat(40), { minLength: 1, maxLength: 6 }),
    value: weirdValue,
    remove: fc.boolean(),
  }),
  { minLength: 1, maxLength: 6 },
);

describe('event normalizers: property tests', () => {
  it('classifyEvent: mutated fixtures only ever throw typed errors', () => {
    fc.assert(
      fc.property(fc.constantFrom(...eventFixtures), mutations, (path, muts) => {
        onlyTypedErrors(() => classifyEvent(mutate(fixture(path), muts)));
      }),
      { numRuns: 1500 },
    );
  });

  it('classifyEvent: random JSON and random EventBridge-shaped objects only ever throw typed errors', () => {
    const detailTypes = fc.constantFrom(
      'AWS API Call via CloudTrail',
      'AWS Console Sign In via CloudTrail',
      'AWS Console Signin via CloudTrail',
      'Config Configuration Item Change',
      'Config Rules Compliance Change',
      'Anomaly Detected',
    );
    const sources = fc.constantFrom('aws.config', 'aws.ce', 'aws.s3', 'aws.signin', 'aws.cloudtrail');
    const shaped = fc.record({
      source: sources,
      'detail-type': detailTypes,
      account: fc.oneof(fc.constant('111122223333'), weirdValue),
      region: fc.oneof(fc.constant('eu-west-1'), weirdValue),
      detail: fc.oneof(weirdValue, fc.object()),
    });
    fc.assert(
      fc.property(fc.oneof(fc.anything(), shaped), (raw) => {
        onlyTypedErrors(() => classifyEvent(raw));
        onlyTypedErrors(() => classifyInput(raw));
      }),
      { numRuns: 1500 },
    );
  });

  it('activityFromRecord: mutated records and random objects only ever throw typed errors', () => {
    const records = eventFixtures
      .filter((p) => p.includes('cloudtrail-'))
      .map((p) => fixture<{ detail: unknown }>(p).detail);
    fc.assert(
      fc.property(fc.constantFrom(...records), mutations, fc.anything(), (record, muts, random) => {
        onlyTypedErrors(() => activityFromRecord(mutate(record, muts)));
        onlyTypedErrors(() => activityFromRecord(random, { account: '111122223333', region: 'eu-west-1' }));
      }),
      { numRuns: 1500 },
    );
  });

  it('activityFromRecord: a record that names call, account, region and time always normalizes', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.dictionary(fc.string(), fc.anything()),
        (eventName, eventSource, extra) => {
          const event = activityFromRecord({
            ...extra,
            eventName,
            eventSource,
            recipientAccountId: '111122223333',
            awsRegion: 'eu-west-1',
            eventTime: '2025-06-10T00:00:00Z',
          });
          expect(event.eventName).toBe(eventName);
          expect(typeof event.actor.type).toBe('string');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('costAnomalyFrom: mutated EventBridge and SNS anomalies only ever throw typed errors', () => {
    const eventBridge = fixture<{ detail: unknown }>('events/ce-anomaly-detected.json').detail;
    const sns = JSON.parse(
      fixture<{ Records: Array<{ Sns: { Message: string } }> }>('events/ce-anomaly-sns-lambda-event.json')
        .Records[0]?.Sns.Message ?? '{}',
    );
    fc.assert(
      fc.property(fc.constantFrom(eventBridge, sns), mutations, fc.anything(), (detail, muts, random) => {
        onlyTypedErrors(() => {
          const anomaly = costAnomalyFrom(mutate(detail, muts));
          expect(Number.isFinite(anomaly.totalImpact)).toBe(true);
        });
        onlyTypedErrors(() => costAnomalyFrom(random));
      }),
      { numRuns: 1500 },
    );
  });

  it('classifyInput: mutated log files and SNS events only ever throw typed errors', () => {
    const inputs = [
      fixture('activity/cloudtrail-log-file.json'),
      fixture('events/ce-anomaly-sns-lambda-event.json'),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...inputs), mutations, (input, muts) => {
        onlyTypedErrors(() => classifyInput(mutate(input, muts)));
      }),
      { numRuns: 1000 },
    );
  });

  it('no activity or cost rule crashes on a mutated event that still normalizes', () => {
    const book = new RuleBook();
    const inputs = eventFixtures.filter((p) => !p.includes('config-')).map((p) => fixture(p));
    const requestKeys = fc.constantFrom(
      'requestParameters',
      'responseElements',
      'additionalEventData',
      'userIdentity',
      'rootCauses',
      'impact',
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...inputs),
        mutations,
        requestKeys,
        weirdValue,
        (input, muts, key, value) => {
          const mutated = mutate(input, muts) as Record<string, unknown>;
          const detail = mutated.detail;
          // Also replace a whole sub-object rules read deeply, which random paths rarely reach.
          if (typeof detail === 'object' && detail !== null && Math.abs(muts.length % 2) === 1) {
            (detail as Record<string, unknown>)[key] = value;
          }
          let subject: Parameters<typeof evaluateSubject>[0];
          try {
            const classified = classifyEvent(mutated);
            if (classified.kind === 'activity') subject = classified.activity;
            else if (classified.kind === 'cost-anomaly') subject = classified.anomaly;
            else return;
          } catch (error) {
            if (error instanceof NormalizationError) return;
            throw error;
          }
          for (const result of evaluateSubject(subject, book)) {
            expect(result.evaluation.message, result.rule.id).not.toMatch(/could not evaluate this input/);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
