import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  type PutCommandInput,
  TransactWriteCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { TransientError } from '../../shared/errors';
import {
  orderKey,
  type ResourceOrder,
  type StaleEvent,
  staleEvent,
  type Watermark,
  watermarkOf,
} from '../../shared/resource-order';

/**
 * The per-resource watermark of the DynamoDB findings store (functions/shared/resource-order.ts):
 * item `RESOURCE#<resource key>` / `WATERMARK` in the findings table, holding the order key of the
 * latest Config item applied for the resource.
 *
 * 1. Record first advances it with a conditional UpdateItem (`attribute_not_exists(pk) OR
 *    orderKey <= :mine`); a failed condition returns the newer watermark (`ALL_OLD`): the event is
 *    stale and nothing is written.
 * 2. Every write of the event's findings is then a TransactWriteItems of a ConditionCheck
 *    (`orderKey = :mine`) on the watermark and the finding's own conditional write. When a newer
 *    item advanced the watermark meanwhile (a concurrent execution), the transaction is cancelled
 *    and the rest of this event is skipped (`SupersededError`): what it wrote before stands (the
 *    newer item's execution read it and applied on top), nothing older lands after the newer item.
 *
 * The item expires 30 days after its last write (TTL): by then no event older than it can still
 * arrive (EventBridge retries for 24 hours, the dead-letter queue keeps messages 14 days).
 */
export const WATERMARK_TTL_DAYS = 30;

export function watermarkKey(resource: string) {
  return { pk: `RESOURCE#${resource}`, sk: 'WATERMARK' };
}

/** A newer Config item was applied for the resource while this event was being recorded. */
export class SupersededError extends Error {
  override readonly name = 'SupersededError';
  constructor(readonly latest: Watermark) {
    super(
      `a newer configuration item (${latest.captureTime}, event ${latest.eventId}) was applied meanwhile`,
    );
  }
}

const NAMES = {
  '#k': 'orderKey',
  '#t': 'captureTime',
  '#s': 'stateId',
  '#e': 'eventId',
  '#d': 'deleted',
  '#u': 'updatedAt',
  '#x': 'expiresAt',
};

/**
 * Moves the resource's watermark to `order` unless a newer item was applied (equal: the same item
 * again, applied). Returns the stale event when it was not moved.
 */
export async function advanceWatermark(
  doc: DynamoDBDocumentClient,
  tableName: string,
  order: ResourceOrder,
  now: Date,
): Promise<StaleEvent | undefined> {
  const set = ['#k = :k', '#t = :t', '#e = :e', '#u = :u', '#x = :x'];
  const remove: string[] = [];
  const values: Record<string, unknown> = {
    ':k': orderKey(order),
    ':t': order.captureTime,
    ':e': order.eventId,
    ':u': now.toISOString(),
    ':x': Math.floor(now.getTime() / 1000) + WATERMARK_TTL_DAYS * 86_400,
  };
  if (order.stateId !== undefined) {
    set.push('#s = :s');
    values[':s'] = order.stateId;
  } else remove.push('#s');
  if (order.deleted) {
    set.push('#d = :d');
    values[':d'] = order.deleted;
  } else remove.push('#d');
  try {
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: watermarkKey(order.resource),
        ConditionExpression: 'attribute_not_exists(pk) OR #k <= :k',
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return undefined;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // The document client does not translate an error's item: it comes as DynamoDB attribute values.
    const latest = error.Item ? watermarkFromItem(unmarshall(error.Item)) : undefined;
    return staleEvent(order, latest ?? watermarkOf(order));
  }
}

/**
 * The finding write `op` (a PutItem or UpdateItem input, with its own condition), made only while
 * the watermark is still `order`. Throws `SupersededError` when it moved on,
 * `ConditionalCheckFailedException` (with the item, when `op` asked for it) when the write's own
 * condition failed, `TransientError` on a conflict with a concurrent transaction on the same items.
 */
export async function writeGuarded(
  doc: DynamoDBDocumentClient,
  order: ResourceOrder,
  op: { Put: PutCommandInput } | { Update: UpdateCommandInput },
): Promise<void> {
  const tableName = 'Put' in op ? op.Put.TableName : op.Update.TableName;
  // A transaction returns no values: the caller reads the item again when it needs it.
  const write = 'Put' in op ? { Put: op.Put } : { Update: withoutReturnValues(op.Update) };
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: tableName,
              Key: watermarkKey(order.resource),
              ConditionExpression: '#k = :k',
              ExpressionAttributeNames: { '#k': NAMES['#k'] },
              ExpressionAttributeValues: { ':k': orderKey(order) },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          write as never,
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [guard, write] = error.CancellationReasons ?? [];
    if (guard?.Code === 'ConditionalCheckFailed') {
      const latest = guard.Item ? watermarkFromItem(unmarshall(guard.Item)) : undefined;
      throw new SupersededError(latest ?? { key: '', captureTime: 'unknown', eventId: 'unknown' });
    }
    if (write?.Code === 'ConditionalCheckFailed') {
      throw new ConditionalCheckFailedException({
        message: write.Message ?? 'The conditional request failed',
        $metadata: error.$metadata,
        ...(write.Item ? { Item: write.Item } : {}),
      });
    }
    if (error.CancellationReasons?.some((r) => r.Code === 'TransactionConflict'))
      throw new TransientError(`DynamoDB TransactWriteItems finding: ${error.message}`, { cause: error });
    throw error;
  }
}

function withoutReturnValues(update: UpdateCommandInput): Omit<UpdateCommandInput, 'ReturnValues'> {
  const { ReturnValues: _none, ...rest } = update;
  return rest;
}

function watermarkFromItem(item: Record<string, unknown>): Watermark | undefined {
  if (typeof item.orderKey !== 'string' || typeof item.captureTime !== 'string') return undefined;
  const mark: Watermark = {
    key: item.orderKey,
    captureTime: item.captureTime,
    eventId: typeof item.eventId === 'string' ? item.eventId : '',
  };
  if (typeof item.stateId === 'number') mark.stateId = item.stateId;
  if (item.deleted === 'ResourceDeleted' || item.deleted === 'ResourceDeletedNotRecorded')
    mark.deleted = item.deleted;
  return mark;
}
