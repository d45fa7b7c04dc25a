/**
 * A CloudTrail record (from an EventBridge "AWS API Call via CloudTrail" / console sign-in event, or
 * from a CloudTrail log file), reduced to what activity rules need: who did what, from where.
 * Field names follow the CloudTrail record contents reference; see test/fixtures/events.
 */
export interface Actor {
  /** `Root`, `IAMUser`, `AssumedRole`, `Role`, `FederatedUser`, `AWSService`, ... (`Unknown` when absent). */
  type: string;
  arn?: string;
  principalId?: string;
  accountId?: string;
  userName?: string;
  /** The access key the call was signed with (`ASIA…` temporary, `AKIA…` long-term). */
  accessKeyId?: string;
  /** The role or user behind an assumed-role session. */
  sessionIssuerArn?: string;
  /** `sessionContext.sessionIssuer.userName`: the role name behind an assumed-role session. */
  sessionIssuerUserName?: string;
  /** `sessionContext.attributes.mfaAuthenticated`, which CloudTrail writes as the string "true"/"false". */
  mfaAuthenticated?: boolean;
  /** The AWS service that made the call on the principal's behalf, e.g. `cloudformation.amazonaws.com`. */
  invokedBy?: string;
}

/** One entry of the record's `resources[]` (ARN, type, account), when CloudTrail lists them. */
export interface ActivityResource {
  arn?: string;
  type?: string;
  accountId?: string;
}

export interface ActivityEvent {
  kind: 'activity';
  eventId: string;
  eventName: string;
  /** e.g. `s3.amazonaws.com`. */
  eventSource: string;
  eventTime: string;
  /** `AwsApiCall`, `AwsConsoleSignIn`, `AwsServiceEvent`, ... */
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
  /** The record's `resources[]`; the normalizer always sets it (optional for hand-built events). */
  resources?: ActivityResource[];
  readOnly?: boolean;
}

/**
 * True when the call did not take effect: an `errorCode` (AccessDenied, ...), or a console sign-in
 * whose `responseElements.ConsoleLogin` is `Failure` (sign-in failures carry only an `errorMessage`).
 */
export function isFailedCall(event: ActivityEvent): boolean {
  return event.errorCode !== undefined || event.responseElements.ConsoleLogin === 'Failure';
}

/**
 * Who did it, as a person reads it: `root user`, the IAM user name, `role/session` for an assumed
 * role (the SSO user's e-mail for IAM Identity Center sessions), or the service that acted.
 */
export function actorLabel(actor: Actor): string {
  if (actor.type === 'Root') return 'root user';
  if (actor.type === 'IAMUser' && actor.userName) return `IAM user ${actor.userName}`;
  if (actor.type === 'AssumedRole' && actor.arn) {
    // arn:aws:sts::111122223333:assumed-role/<role>/<session>
    const slash = actor.arn.indexOf('assumed-role/');
    if (slash >= 0) return `role ${actor.arn.slice(slash + 'assumed-role/'.length)}`;
  }
  if (actor.type === 'AWSService' && actor.invokedBy) return actor.invokedBy;
  return (
    actor.userName ??
    actor.sessionIssuerArn ??
    actor.arn ??
    actor.principalId ??
    actor.invokedBy ??
    `${actor.type} principal`
  );
}

/** "role X from 198.51.100.77" / "root user from 203.0.113.250 (via cloudformation.amazonaws.com)". */
export function actorWithOrigin(event: ActivityEvent): string {
  const via = event.actor.invokedBy ? ` via ${event.actor.invokedBy}` : '';
  const from = event.sourceIpAddress ? ` from ${event.sourceIpAddress}` : '';
  return `${actorLabel(event.actor)}${from}${via}`;
}
