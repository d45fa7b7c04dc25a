/**
 * A CloudTrail record (from an EventBridge "AWS API Call via CloudTrail" / console sign-in event, or
 * from a CloudTrail log file), reduced to what activity rules need: who did what, from where.
 * Field names follow the CloudTrail record contents reference; see test/fixtures/events.
 */
export interface Actor {
  /** `Root`, `IAMUser`, `AssumedRole`, `Role`, `FederatedUser`, `AWSService`, ... */
  type: string;
  arn?: string;
  principalId?: string;
  accountId?: string;
  userName?: string;
  /** The role or user behind an assumed-role session. */
  sessionIssuerArn?: string;
  /** `sessionContext.attributes.mfaAuthenticated`, which CloudTrail writes as the string "true"/"false". */
  mfaAuthenticated?: boolean;
  invokedBy?: string;
}

export interface ActivityEvent {
  kind: 'activity';
  eventId: string;
  eventName: string;
  /** e.g. `s3.amazonaws.com`. */
  eventSource: string;
  eventTime: string;
  eventType?: string;
  accountId: string;
  region: string;
  actor: Actor;
  sourceIpAddress?: string;
  userAgent?: string;
  /** Present only when the call failed; failed calls are never violations. */
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown>;
  responseElements: Record<string, unknown>;
  additionalEventData: Record<string, unknown>;
  readOnly?: boolean;
}

export function actorLabel(actor: Actor): string {
  if (actor.type === 'Root') return 'root user';
  return actor.userName ?? actor.sessionIssuerArn ?? actor.arn ?? actor.principalId ?? actor.type;
}
