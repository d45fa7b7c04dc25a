import { EventFormatError } from '../../errors';
import type { ActivityEvent, ActivityResource, Actor } from '../../model/activity-event';

/** What the EventBridge envelope knows when the record itself is silent. */
export interface EventEnvelope {
  account?: string;
  region?: string;
  /** The envelope's `time`: stands in for a record without `eventTime`. */
  time?: string;
}

/**
 * A CloudTrail record (the `detail` of an EventBridge CloudTrail event, or one entry of a log
 * file's `Records`) to an ActivityEvent. Field names: CloudTrail record contents reference
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 *
 * A record without `userIdentity` (CloudTrail omits it for some service and Insights events) is
 * still an activity: its actor is `{ type: 'Unknown' }`, so a StopLogging without an identity is
 * still caught. Throws `EventFormatError` only when the record cannot name the call, the account,
 * the region or the time.
 */
export function activityFromRecord(record: unknown, envelope: EventEnvelope = {}): ActivityEvent {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new EventFormatError('CloudTrail record is not an object');
  }
  const r = record as Record<string, unknown>;
  const eventName = str(r.eventName);
  const eventSource = str(r.eventSource);
  if (!eventName) throw new EventFormatError('CloudTrail record has no eventName');
  if (!eventSource) throw new EventFormatError(`CloudTrail record ${eventName} has no eventSource`);
  const identity = rec(r.userIdentity);
  const accountId = str(r.recipientAccountId) ?? envelope.account ?? str(identity.accountId);
  if (!accountId) {
    throw new EventFormatError(
      `CloudTrail record ${eventName} names no account (no recipientAccountId, envelope account or userIdentity.accountId)`,
    );
  }
  const region = str(r.awsRegion) ?? envelope.region;
  if (!region) throw new EventFormatError(`CloudTrail record ${eventName} has no awsRegion`);
  const eventTime = str(r.eventTime) ?? envelope.time;
  if (!eventTime) throw new EventFormatError(`CloudTrail record ${eventName} has no eventTime`);
  const event: ActivityEvent = {
    kind: 'activity',
    eventId: str(r.eventID) ?? `${eventSource}:${eventName}:${eventTime}`,
    eventName,
    eventSource,
    eventTime,
    accountId,
    region,
    actor: actorFrom(identity),
    requestParameters: rec(r.requestParameters),
    responseElements: rec(r.responseElements),
    additionalEventData: rec(r.additionalEventData),
    resources: resourcesFrom(r.resources),
  };
  const eventType = str(r.eventType);
  if (eventType) event.eventType = eventType;
  const sourceIp = str(r.sourceIPAddress);
  if (sourceIp) event.sourceIpAddress = sourceIp;
  const userAgent = str(r.userAgent);
  if (userAgent) event.userAgent = userAgent;
  const errorCode = str(r.errorCode);
  if (errorCode) event.errorCode = errorCode;
  const errorMessage = str(r.errorMessage);
  if (errorMessage) event.errorMessage = errorMessage;
  const readOnly = bool(r.readOnly);
  if (readOnly !== undefined) event.readOnly = readOnly;
  return event;
}

function actorFrom(identity: Record<string, unknown>): Actor {
  const session = rec(identity.sessionContext);
  const attributes = rec(session.attributes);
  const issuer = rec(session.sessionIssuer);
  const actor: Actor = { type: str(identity.type) ?? 'Unknown' };
  const arn = str(identity.arn);
  if (arn) actor.arn = arn;
  const principalId = str(identity.principalId);
  if (principalId) actor.principalId = principalId;
  const accountId = str(identity.accountId);
  if (accountId) actor.accountId = accountId;
  const userName = str(identity.userName);
  if (userName) actor.userName = userName;
  const accessKeyId = str(identity.accessKeyId);
  if (accessKeyId) actor.accessKeyId = accessKeyId;
  const issuerArn = str(issuer.arn);
  if (issuerArn) actor.sessionIssuerArn = issuerArn;
  const issuerName = str(issuer.userName);
  if (issuerName) actor.sessionIssuerUserName = issuerName;
  const mfa = bool(attributes.mfaAuthenticated);
  if (mfa !== undefined) actor.mfaAuthenticated = mfa;
  const invokedBy = str(identity.invokedBy);
  if (invokedBy) actor.invokedBy = invokedBy;
  return actor;
}

function resourcesFrom(value: unknown): ActivityResource[] {
  if (!Array.isArray(value)) return [];
  const out: ActivityResource[] = [];
  for (const item of value) {
    const r = rec(item);
    const resource: ActivityResource = {};
    // CloudTrail writes `ARN` in records; EventBridge samples sometimes show `arn`.
    const arn = str(r.ARN) ?? str(r.arn);
    if (arn) resource.arn = arn;
    const type = str(r.type);
    if (type) resource.type = type;
    const accountId = str(r.accountId);
    if (accountId) resource.accountId = accountId;
    if (arn || type) out.push(resource);
  }
  return out;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** CloudTrail writes some booleans as strings (`mfaAuthenticated: "true"`). */
function bool(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

function rec(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
