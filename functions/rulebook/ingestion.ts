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

/** `iam.amazonaws.com` -> `aws.iam`: the `source` EventBridge gives CloudTrail events of that service. */
export function eventBridgeSource(eventSource: string): string {
  return `aws.${eventSource.replace(/\.amazonaws\.com$/, '')}`;
}

/**
 * One pattern per group of activity rules with the same event sources (named event names only), plus
 * one for rules that look at every event (root user activity: matched on `userIdentity.type`).
 * Failed API calls are dropped at the bus (`errorCode` absent); failed sign-ins carry no errorCode and
 * are judged (and skipped) by the rules.
 */
export function activityEventPatterns(book: RuleBook): EventPattern[] {
  const bySources = new Map<string, { sources: string[]; names: Set<string> }>();
  for (const rule of book.rules) {
    const applies = rule.appliesTo;
    if (applies.kind !== 'activity' || !applies.eventSources) continue;
    const names = applies.eventNames.filter((n) => n !== '*');
    if (names.length === 0) continue;
    const sources = [...applies.eventSources].sort();
    const key = sources.join(',');
    const group = bySources.get(key) ?? { sources, names: new Set<string>() };
    for (const name of names) group.names.add(name);
    bySources.set(key, group);
  }
  const unsourced = new Set<string>();
  for (const rule of book.rules) {
    const applies = rule.appliesTo;
    if (applies.kind === 'activity' && !applies.eventSources) {
      for (const name of applies.eventNames) if (name !== '*') unsourced.add(name);
    }
  }
  const patterns: EventPattern[] = [...bySources.values()]
    .sort((a, b) => a.sources.join().localeCompare(b.sources.join()))
    .map(({ sources, names }) => ({
      source: sources.map(eventBridgeSource),
      'detail-type': CLOUDTRAIL_DETAIL_TYPES,
      detail: { eventSource: sources, eventName: [...names].sort(), errorCode: [{ exists: false }] },
    }));
  if (unsourced.size > 0) {
    patterns.push({
      'detail-type': CLOUDTRAIL_DETAIL_TYPES,
      detail: { eventName: [...unsourced].sort(), errorCode: [{ exists: false }] },
    });
  }
  if (book.allActivityRules().length > 0) {
    patterns.push({
      'detail-type': [...CLOUDTRAIL_DETAIL_TYPES, ...OTHER_CLOUDTRAIL_DETAIL_TYPES],
      detail: { userIdentity: { type: ['Root'] } },
    });
  }
  return patterns;
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
