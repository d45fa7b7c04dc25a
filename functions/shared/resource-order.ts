/**
 * The order of AWS Config configuration items of one resource, so an old or out-of-order event
 * cannot undo what a newer one recorded.
 *
 * EventBridge delivers events at least once, without ordering, and retries for up to 24 hours; a
 * dead letter can be replayed up to 14 days later. Each configuration item carries
 * `configurationItemCaptureTime` ("the time when the recording of configuration changes was
 * initiated for the resource") and `configurationStateId` ("an identifier that indicates the
 * ordering of the configuration items of a resource"; a number in change notifications, a string
 * of digits in the Config API): AWS Config API reference, `ConfigurationItem` /
 * `BaseConfigurationItem`. The findings store keeps, per resource, the order key of the latest item
 * it applied (the watermark); an item below it is stale and changes nothing.
 *
 * Only Config item changes (full and oversized) are ordered: they state the whole configuration of
 * one resource at one time, so the latest one wins. CloudTrail activity findings are one-off
 * records of a call (who did what, when): a late or replayed call is still a call that happened, so
 * it is recorded as any other (its finding id is per call target and rule, and recording it twice
 * is `unchanged`), except that a finding a person acknowledged is reopened only by a call later
 * than the ones the acknowledgement covers (finding-transitions.ts `keptAcknowledged`). Config rule compliance changes are not ordered against item changes: a rule's
 * verdict (`orderingTimestamp`) is about one rule, and an unrelated later item change must not hide
 * it.
 */
import { shardKeyOfEvent } from '../local/shard';

/** `configurationItemStatus` values that record a deletion (AWS Config API, ConfigurationItemStatus). */
export const DELETION_STATUSES: ReadonlySet<string> = new Set([
  'ResourceDeleted',
  'ResourceDeletedNotRecorded',
]);

/** Where one configuration item sits in its resource's history, as Normalize read it from the event. */
export interface ResourceOrder {
  /**
   * The resource: `r|<account>|<region>|<type>|<id>`, the same key the local replay shards its
   * events by (shard.ts), so a watermark lives with the findings of its resource.
   */
  resource: string;
  /** `configurationItemCaptureTime`, as ISO 8601 with milliseconds. */
  captureTime: string;
  /** `configurationStateId`, when the item has a numeric one: breaks ties on the capture time. */
  stateId?: number;
  /** The EventBridge event that carried the item. */
  eventId: string;
  /** The item records the resource's deletion: its `configurationItemStatus`. */
  deleted?: 'ResourceDeleted' | 'ResourceDeletedNotRecorded';
}

/** The latest item applied for a resource, as the findings store keeps it. */
export interface Watermark {
  /** `orderKey` of the item. */
  key: string;
  captureTime: string;
  stateId?: number;
  eventId: string;
  deleted?: ResourceOrder['deleted'];
}

/** What Record says of an event older than the latest one applied for its resource. */
export interface StaleEvent {
  resource: string;
  captureTime: string;
  eventId: string;
  /** The newer item already applied. */
  latest: { captureTime: string; eventId: string; deleted?: ResourceOrder['deleted'] };
  /**
   * True when a newer event overtook this one while it was being recorded: what was written before
   * stands (it was the latest then; the newer event applied on top of it), the rest was skipped.
   */
  overtaken?: boolean;
}

/**
 * One string that sorts as the items do: capture time, then state id (zero-padded to 20 digits).
 * Equal keys are the same item (a redelivery): applied again, which the store records as unchanged.
 */
export function orderKey(order: Pick<ResourceOrder, 'captureTime' | 'stateId'>): string {
  return `${order.captureTime}#${order.stateId === undefined ? '' : String(order.stateId).padStart(20, '0')}`;
}

export function watermarkOf(order: ResourceOrder): Watermark {
  const mark: Watermark = { key: orderKey(order), captureTime: order.captureTime, eventId: order.eventId };
  if (order.stateId !== undefined) mark.stateId = order.stateId;
  if (order.deleted) mark.deleted = order.deleted;
  return mark;
}

export function staleEvent(order: ResourceOrder, latest: Watermark, overtaken = false): StaleEvent {
  return {
    resource: order.resource,
    captureTime: order.captureTime,
    eventId: order.eventId,
    latest: {
      captureTime: latest.captureTime,
      eventId: latest.eventId,
      ...(latest.deleted ? { deleted: latest.deleted } : {}),
    },
    ...(overtaken ? { overtaken: true } : {}),
  };
}

/**
 * The watermark step on plain data (the local stores; the DynamoDB adapter does the same with a
 * conditional UpdateItem, resource-watermark.ts): moves the resource's watermark in `resources` to
 * `order` unless a newer item was applied, else returns what makes the event stale. The same item
 * again (equal key) is applied.
 */
export function advanceWatermark(
  resources: Record<string, Watermark>,
  order: ResourceOrder,
): StaleEvent | undefined {
  const latest = resources[order.resource];
  if (latest && latest.key > orderKey(order)) return staleEvent(order, latest);
  resources[order.resource] = watermarkOf(order);
  return undefined;
}

/**
 * The order of the configuration item an EventBridge "Config Configuration Item Change" event
 * carries (the item, or an oversized notification's `configurationItemSummary`), or undefined for
 * any other event and for an item without a valid capture time (then it is not ordered: applied as
 * it comes, as before watermarks existed).
 */
export function configItemOrder(event: unknown): ResourceOrder | undefined {
  if (!isObject(event) || event['detail-type'] !== 'Config Configuration Item Change') return undefined;
  if (!isObject(event.detail)) return undefined;
  const resource = shardKeyOfEvent(event);
  if (!resource?.startsWith('r|')) return undefined;
  const d = event.detail;
  const item = isObject(d.configurationItemSummary)
    ? d.configurationItemSummary
    : isObject(d.configurationItem)
      ? d.configurationItem
      : undefined;
  if (!item) return undefined;
  const captured =
    typeof item.configurationItemCaptureTime === 'string'
      ? Date.parse(item.configurationItemCaptureTime)
      : NaN;
  if (Number.isNaN(captured)) return undefined;
  const order: ResourceOrder = {
    resource,
    captureTime: new Date(captured).toISOString(),
    eventId: typeof event.id === 'string' ? event.id : '',
  };
  const stateId = stateIdOf(item.configurationStateId);
  if (stateId !== undefined) order.stateId = stateId;
  const status = item.configurationItemStatus;
  if (typeof status === 'string' && DELETION_STATUSES.has(status))
    order.deleted = status as NonNullable<ResourceOrder['deleted']>;
  return order;
}

/** A number (notifications) or a string of digits (Config API): a safe integer, else none. */
function stateIdOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
