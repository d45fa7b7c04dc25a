import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The fixture bucket's deletion, as AWS Config notifies it: built from
 * test/fixtures/events/config-ci-s3-bucket.json (kept out of test/fixtures, whose Config items the
 * rule-book bench uses as its seeds) after the AWS Config developer guide, "Managing Deleted
 * Resources for AWS Config Custom Lambda Rules" (a deleted resource gets a configuration item with
 * `configurationItemStatus: ResourceDeleted`), the API reference `ConfigurationItemStatus`
 * (`ResourceDeleted`, `ResourceDeletedNotRecorded`) and `configurationItemDiff.changeType`
 * (`CREATE | UPDATE | DELETE`). Constructed (no public full deletion notification was found):
 * `configuration` null, `supplementaryConfiguration` and `tags` empty, a later capture time and
 * `configurationStateId` (epoch milliseconds, as in the other samples).
 */
export function deletedBucketEvent() {
  const event = JSON.parse(
    readFileSync(join(__dirname, '..', 'fixtures', 'events', 'config-ci-s3-bucket.json'), 'utf8'),
  );
  event.id = '9b7e1c42-5d3a-4f61-8e2b-0a4c6d8e1f23';
  event.time = '2025-06-10T11:02:19Z';
  event.detail.configurationItemDiff = { changedProperties: {}, changeType: 'DELETE' };
  event.detail.notificationCreationTime = '2025-06-10T11:02:19.117Z';
  Object.assign(event.detail.configurationItem, {
    relatedEvents: ['5e8f2a61-0b3c-4d7e-9f1a-2b3c4d5e6f70'],
    relationships: [],
    configuration: null,
    supplementaryConfiguration: {},
    tags: {},
    configurationItemCaptureTime: '2025-06-10T11:02:17.402Z',
    configurationStateId: 1749553337402,
    configurationItemStatus: 'ResourceDeleted',
  });
  return event;
}
