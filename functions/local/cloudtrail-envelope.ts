import { eventBridgeSource } from '../rulebook/ingestion';
import {
  API_CALL_DETAIL_TYPE,
  OTHER_CLOUDTRAIL_DETAIL_TYPES,
  SIGN_IN_DETAIL_TYPES,
} from '../rulebook/normalizers/events/classify';

/**
 * The EventBridge event that CloudTrail delivers for one record of a CloudTrail log file, so a log
 * downloaded from the trail's bucket replays through triage as the bus would have delivered it:
 * `detail` is the record; `detail-type` follows `eventType` (aws-facts.md §1.3); `source` is
 * `aws.<service>`; `account`, `region` and `time` come from the record. `id` is the record's
 * `eventID`, so a replayed record keeps a stable correlation id. A record without the fields this
 * needs is returned unchanged: triage then dead-letters it with an error naming the missing field.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html
 */
export function eventBridgeEventOf(record: unknown): unknown {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return record;
  const r = record as Record<string, unknown>;
  const text = (key: string) => (typeof r[key] === 'string' ? (r[key] as string) : undefined);
  const eventSource = text('eventSource');
  const eventId = text('eventID');
  if (!eventSource || !eventId) return record;
  return {
    version: '0',
    id: eventId,
    'detail-type': detailTypeOf(text('eventType')),
    source: eventBridgeSource(eventSource),
    account: text('recipientAccountId') ?? accountOf(r.userIdentity),
    time: text('eventTime'),
    region: text('awsRegion'),
    resources: [],
    detail: record,
  };
}

function detailTypeOf(eventType: string | undefined): string {
  switch (eventType) {
    case 'AwsConsoleSignIn':
      return SIGN_IN_DETAIL_TYPES[0];
    case 'AwsConsoleAction':
      return OTHER_CLOUDTRAIL_DETAIL_TYPES[0];
    case 'AwsServiceEvent':
      return OTHER_CLOUDTRAIL_DETAIL_TYPES[1];
    default:
      return API_CALL_DETAIL_TYPE;
  }
}

function accountOf(identity: unknown): string | undefined {
  const id = (identity as { accountId?: unknown } | null | undefined)?.accountId;
  return typeof id === 'string' ? id : undefined;
}
