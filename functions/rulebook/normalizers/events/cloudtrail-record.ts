import { EventFormatError } from '../../errors';
import type { ActivityEvent, Actor } from '../../model/activity-event';

/**
 * A CloudTrail record (the `detail` of an EventBridge CloudTrail event, or one entry of a log
 * file's `Records`) to an ActivityEvent. Field names: CloudTrail record contents reference.
 */
export function activityFromRecord(
  record: unknown,
  envelope: { account?: string; region?: string } = {},
): ActivityEvent {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new EventFormatError('CloudTrail record is not an object');
  }
  const r = record as Record<string, unknown>;
  const eventName = str(r.eventName);
  const eventSource = str(r.eventSource);
  if (!eventName) throw new EventFormatError('CloudTrail record has no eventName');
  if (!eventSource) throw new EventFormatError(`CloudTrail record ${eventName} has no eventSource`);
  const identity = r.userIdentity;
  if (typeof identity !== 'object' || identity === null) {
    throw new EventFormatError(
      `CloudTrail record ${eventName} has no userIdentity, so nobody can be named for it`,
    );
  }
  const accountId =
    str(r.recipientAccountId) ?? envelope.account ?? str((identity as Record<string, unknown>).accountId);
  if (!accountId) throw new EventFormatError(`CloudTrail record ${eventName} names no account`);
  return {
    kind: 'activity',
    eventId: str(r.eventID) ?? `${eventSource}:${eventName}:${str(r.eventTime) ?? ''}`,
    eventName,
    eventSource,
    eventTime: str(r.eventTime) ?? new Date(0).toISOString(),
    ...(str(r.eventType) ? { eventType: str(r.eventType) } : {}),
    accountId,
    region: str(r.awsRegion) ?? envelope.region ?? 'us-east-1',
    actor: actorFrom(identity as Record<string, unknown>),
    ...(str(r.sourceIPAddress) ? { sourceIpAddress: str(r.sourceIPAddress) } : {}),
    ...(str(r.userAgent) ? { userAgent: str(r.userAgent) } : {}),
    ...(str(r.errorCode) ? { errorCode: str(r.errorCode) } : {}),
    ...(str(r.errorMessage) ? { errorMessage: str(r.errorMessage) } : {}),
    requestParameters: record_(r.requestParameters),
    responseElements: record_(r.responseElements),
    additionalEventData: record_(r.additionalEventData),
    ...(typeof r.readOnly === 'boolean' ? { readOnly: r.readOnly } : {}),
  };
}

function actorFrom(identity: Record<string, unknown>): Actor {
  const session = record_(identity.sessionContext);
  const attributes = record_(session.attributes);
  const issuer = record_(session.sessionIssuer);
  const mfa = attributes.mfaAuthenticated;
  return {
    type: str(identity.type) ?? 'Unknown',
    ...(str(identity.arn) ? { arn: str(identity.arn) } : {}),
    ...(str(identity.principalId) ? { principalId: str(identity.principalId) } : {}),
    ...(str(identity.accountId) ? { accountId: str(identity.accountId) } : {}),
    ...(str(identity.userName) ? { userName: str(identity.userName) } : {}),
    ...(str(issuer.arn) ? { sessionIssuerArn: str(issuer.arn) } : {}),
    ...(mfa === 'true' || mfa === true
      ? { mfaAuthenticated: true }
      : mfa === 'false' || mfa === false
        ? { mfaAuthenticated: false }
        : {}),
    ...(str(identity.invokedBy) ? { invokedBy: str(identity.invokedBy) } : {}),
  };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function record_(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
