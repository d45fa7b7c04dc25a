import type { ActivityEvent } from '../../functions/rulebook/model/activity-event';
import type { CostAnomaly } from '../../functions/rulebook/model/cost-anomaly';
import { classifyEvent } from '../../functions/rulebook/normalizers/events/classify';
import { fixture } from './rule-harness';

/**
 * Activity and cost subjects from EventBridge fixtures, through the real classifier, optionally with
 * the CloudTrail record (`detail`) changed first: `activityFrom('events/x.json', (d) => { d.errorCode = 'AccessDenied'; })`.
 */
export function activityFrom(
  relativePath: string,
  mutate?: (detail: Record<string, unknown>, event: Record<string, unknown>) => void,
): ActivityEvent {
  const event = structuredClone(fixture<Record<string, unknown>>(relativePath));
  mutate?.(event.detail as Record<string, unknown>, event);
  const classified = classifyEvent(event);
  if (classified.kind !== 'activity') throw new Error(`${relativePath} is not a CloudTrail event`);
  return classified.activity;
}

export function anomalyFrom(
  relativePath: string,
  mutate?: (detail: Record<string, unknown>) => void,
): CostAnomaly {
  const event = structuredClone(fixture<Record<string, unknown>>(relativePath));
  mutate?.(event.detail as Record<string, unknown>);
  const classified = classifyEvent(event);
  if (classified.kind !== 'cost-anomaly') throw new Error(`${relativePath} is not a cost anomaly event`);
  return classified.anomaly;
}
