/**
 * EventBridge event patterns for the events the rule book judges, derived from the rules themselves
 * so the ingestion rules (infra) never drift from the book: add an activity rule, and its event
 * names are forwarded. Content filtering drops everything else before a Lambda is paid for.
 * Operators: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 */
import type { RuleBook } from './engine';
import {
  API_CALL_DETAIL_TYPE,
  CONFIG_COMPLIANCE_CHANGE_DETAIL_TYPE,
  COST_ANOMALY_DETAIL_TYPE,
  OTHER_CLOUDTRAIL_DETAIL_TYPES,
  SIGN_IN_DETAIL_TYPES,
} from './normalizers/events/classify';

export type EventPattern = Record<string, unknown>;

const CLOUDTRAIL_DETAIL_TYPES = [API_CALL_DETAIL_TYPE, ...SIGN_IN_DETAIL_TYPES];

/**
 * Only AWS services emit events whose source starts with `aws.` (PutEvents refuses such a source), so
 * a pattern without a named service source still requires the prefix: the central bus takes
 * PutEvents from every account of the organization, and without it anyone there could post a
 * CloudTrail-shaped event (a "root sign-in" in another account) and raise alerts and fix cards.
 */
const AWS_SOURCE = [{ prefix: 'aws.' }];

/** `iam.amazonaws.com` -> `aws.iam`: the `source` EventBridge gives CloudTrail events of that service. */
export function eventBridgeSource(eventSource: string): string {
  return `aws.${eventSource.replace(/\.amazonaws\.com$/, '')}`;
}

/** EventBridge accepts an event pattern of at most 2,048 characters (PutRule `EventPattern`). */
export const MAX_EVENT_PATTERN_LENGTH = 2048;

/**
 * `userIdentity.type` is anything but `Root`, or absent: what every named-event pattern adds when the
 * root pattern exists, so a root call of a named event matches the root pattern only and starts one
 * triage, not two (the triage evaluates every rule for the event, whichever pattern let it in).
 * `anything-but` alone would not match an event without the field, so `exists: false` keeps those;
 * the elements of a value list are alternatives (content filtering,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
 */
const NOT_ROOT = [{ 'anything-but': ['Root'] }, { exists: false }];

/**
 * Patterns for the activity rules, disjoint so that each event matches exactly one of them (a
 * CloudTrail event matched by two rules on a bus starts two triage executions, and a member account
 * forwards it twice):
 *
 * - one pattern per event source (`detail.eventSource` has one value per event) with the event names
 *   the rules for that source judge, split into several patterns with disjoint name lists when one
 *   would exceed EventBridge's 2,048 characters; failed calls are dropped (`errorCode` absent;
 *   failed sign-ins carry no errorCode and are judged, and skipped, by the rules);
 * - event names of rules that name no source go into every source's pattern, plus one pattern for
 *   the sources no rule names (`eventSource` anything-but those);
 * - one pattern for rules that look at every event (root user activity), on
 *   `userIdentity.type: Root`, which every other pattern then excludes.
 */
export function activityEventPatterns(book: RuleBook): EventPattern[] {
  const unsourced = new Set<string>();
  for (const rule of book.rules) {
    const applies = rule.appliesTo;
    if (applies.kind === 'activity' && !applies.eventSources) {
      for (const name of applies.eventNames) if (name !== '*') unsourced.add(name);
    }
  }
  const bySource = new Map<string, Set<string>>();
  for (const rule of book.rules) {
    const applies = rule.appliesTo;
    if (applies.kind !== 'activity' || !applies.eventSources) continue;
    const names = applies.eventNames.filter((n) => n !== '*');
    if (names.length === 0) continue;
    for (const source of applies.eventSources) {
      const group = bySource.get(source) ?? new Set<string>(unsourced);
      for (const name of names) group.add(name);
      bySource.set(source, group);
    }
  }
  const hasRootPattern = book.allActivityRules().length > 0;
  const notRoot = hasRootPattern ? { userIdentity: { type: NOT_ROOT } } : {};
  const sources = [...bySource.keys()].sort();
  const patterns: EventPattern[] = sources.flatMap((source) =>
    splitByLength([...bySource.get(source)!].sort(), (eventName) => ({
      source: [eventBridgeSource(source)],
      'detail-type': CLOUDTRAIL_DETAIL_TYPES,
      detail: { eventSource: [source], eventName, errorCode: [{ exists: false }], ...notRoot },
    })),
  );
  if (unsourced.size > 0) {
    const otherSources = sources.length > 0 ? { eventSource: [{ 'anything-but': sources }] } : {};
    patterns.push(
      ...splitByLength([...unsourced].sort(), (eventName) => ({
        source: AWS_SOURCE,
        'detail-type': CLOUDTRAIL_DETAIL_TYPES,
        detail: { ...otherSources, eventName, errorCode: [{ exists: false }], ...notRoot },
      })),
    );
  }
  if (hasRootPattern) {
    // Every CloudTrail event of the root user, failed calls included (no errorCode filter, unlike
    // the patterns above): a root user trying things is itself what the root-activity rules report.
    patterns.push({
      source: AWS_SOURCE,
      'detail-type': [...CLOUDTRAIL_DETAIL_TYPES, ...OTHER_CLOUDTRAIL_DETAIL_TYPES],
      detail: { userIdentity: { type: ['Root'] } },
    });
  }
  return patterns;
}

/** One pattern for `names`, or several with disjoint halves of it while one would be too long. */
function splitByLength(names: string[], build: (names: string[]) => EventPattern): EventPattern[] {
  const pattern = build(names);
  if (names.length < 2 || JSON.stringify(pattern).length <= MAX_EVENT_PATTERN_LENGTH) return [pattern];
  const half = Math.ceil(names.length / 2);
  return [...splitByLength(names.slice(0, half), build), ...splitByLength(names.slice(half), build)];
}

/** Cost Anomaly Detection alerts (best-effort delivery, us-east-1). */
export const COST_ANOMALY_PATTERN: EventPattern = {
  source: ['aws.ce'],
  'detail-type': [COST_ANOMALY_DETAIL_TYPE],
};

/**
 * Config rule verdicts: NON_COMPLIANT opens findings; COMPLIANT and NOT_APPLICABLE (e.g. the resource
 * was deleted) resolve them, so they must reach the bot too.
 */
export const COMPLIANCE_CHANGE_PATTERN: EventPattern = {
  source: ['aws.config'],
  'detail-type': [CONFIG_COMPLIANCE_CHANGE_DETAIL_TYPE],
  detail: { newEvaluationResult: { complianceType: ['NON_COMPLIANT', 'COMPLIANT', 'NOT_APPLICABLE'] } },
};
