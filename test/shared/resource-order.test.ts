import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shardKeyOfEvent } from '../../functions/local/shard';
import { configItemOrder, orderKey } from '../../functions/shared/resource-order';
import { deletedBucketEvent } from '../workflow/deleted-bucket';

const FIXTURES = join(__dirname, '..', 'fixtures', 'events');
const fixture = (name: string) =>
  name === 'deleted bucket' ? deletedBucketEvent() : JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

describe('configItemOrder (where a Config item sits in its resource history)', () => {
  it.each([
    ['config-ci-s3-bucket.json', '2025-06-10T09:14:29.876Z', 1749546869876, undefined],
    ['config-ci-oversized.json', '2025-06-10T09:20:01.114Z', 1749547201114, undefined],
    ['deleted bucket', '2025-06-10T11:02:17.402Z', 1749553337402, 'ResourceDeleted'],
  ])(
    '%s: capture time, state id, deletion, keyed like the replay shards its events',
    (name, time, id, deleted) => {
      // Prepare
      const event = fixture(name);

      // Act
      const order = configItemOrder(event);

      // Assess
      expect(order).toEqual({
        resource: shardKeyOfEvent(event),
        captureTime: time,
        stateId: id,
        eventId: event.id,
        ...(deleted ? { deleted } : {}),
      });
    },
  );

  it('orders nothing else: CloudTrail calls (one-off activity), compliance changes, cost anomalies', () => {
    for (const name of [
      'cloudtrail-stoplogging.json',
      'config-rules-compliance-change.json',
      'ce-anomaly-detected.json',
    ])
      expect(configItemOrder(fixture(name)), name).toBeUndefined();
  });

  it('reads the Config API form of the state id (a string of digits) and ignores anything else', () => {
    // Prepare
    const event = fixture('config-ci-s3-bucket.json');
    const item = event.detail.configurationItem;

    // Act / Assess
    item.configurationStateId = '1749546869877';
    expect(configItemOrder(event)?.stateId).toBe(1749546869877);
    item.configurationStateId = 'abc';
    expect(configItemOrder(event)).not.toHaveProperty('stateId');
    item.configurationItemCaptureTime = 'not a time';
    expect(configItemOrder(event)).toBeUndefined();
  });

  it('sorts by capture time, then state id (numerically, whatever its length)', () => {
    const t = '2025-06-10T10:00:00.000Z';
    expect(orderKey({ captureTime: t, stateId: 9 }) < orderKey({ captureTime: t, stateId: 10 })).toBe(true);
    expect(
      orderKey({ captureTime: t, stateId: 99 }) < orderKey({ captureTime: '2025-06-10T10:00:00.001Z' }),
    ).toBe(true);
  });
});
