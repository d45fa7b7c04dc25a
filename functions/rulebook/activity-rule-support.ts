/**
 * Small helpers shared by the activity rules (`rules/<pillar>/*.ts` with `appliesTo.kind: 'activity'`):
 * reading request parameters, skipping failed calls, and the evidence every activity finding carries.
 * Kept outside `rules/` because every file there is a rule.
 *
 * Activity rules answer "did this call make things worse?". A call that does not is `notApplicable`,
 * never `pass`: one harmless call says nothing about the resource's whole state, and a pass would
 * resolve a finding another call opened. Only a call that undoes the problem (StartLogging after
 * StopLogging, CancelKeyDeletion, ...) is a `pass` on that resource (`repaired`), so the finding the
 * earlier call opened resolves once the fix, by a person or by the remediation, shows up in CloudTrail.
 */
import { type ActivityEvent, actorLabel, actorWithOrigin, isFailedCall } from './model/activity-event';
import { type Evaluation, type Evidence, notApplicable } from './model/evaluation';
import type { ResourceRef } from './model/resource';

/** `notApplicable` for a call that did not take effect, or undefined when it did. */
export function skipFailedCall(event: ActivityEvent): Evaluation | undefined {
  if (!isFailedCall(event)) return undefined;
  const why = event.errorCode ?? 'sign-in failed';
  return notApplicable(`${event.eventName} by ${actorLabel(event.actor)} failed (${why}): nothing changed`);
}

/** A non-empty string field of a request/response object. */
export function text(object: Record<string, unknown>, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A boolean field; CloudTrail sometimes writes booleans as strings. */
export function flag(object: Record<string, unknown>, key: string): boolean | undefined {
  const value = object[key];
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** "<who> from <ip>": the actor part of every activity message. */
export const who = actorWithOrigin;

/** The facts every activity finding carries, plus the rule's own. */
export function callEvidence(event: ActivityEvent, extra: Evidence = {}): Evidence {
  const evidence: Evidence = {
    eventName: event.eventName,
    eventSource: event.eventSource,
    eventTime: event.eventTime,
    eventId: event.eventId,
    actor: actorLabel(event.actor),
    actorType: event.actor.type,
  };
  if (event.actor.arn) evidence.actorArn = event.actor.arn;
  if (event.actor.accessKeyId) evidence.callerAccessKeyId = event.actor.accessKeyId;
  if (event.sourceIpAddress) evidence.sourceIpAddress = event.sourceIpAddress;
  if (event.userAgent) evidence.userAgent = event.userAgent;
  return Object.assign(evidence, extra);
}

/** The last path segment of an ARN (`arn:aws:cloudtrail:eu-west-1:1:trail/audit` -> `audit`), or the value. */
export function nameFromArn(value: string): string {
  if (!value.startsWith('arn:')) return value;
  const slash = value.lastIndexOf('/');
  return slash >= 0 ? value.slice(slash + 1) : value.slice(value.lastIndexOf(':') + 1);
}

/**
 * The trail a CloudTrail control-plane call is about. `requestParameters.name` is the trail name or
 * its ARN (both occur); the id is always the name so the finding is the same either way.
 */
export function trailOf(event: ActivityEvent): { type: string; id: string; name: string; arn?: string } {
  const raw = text(event.requestParameters, 'name') ?? text(event.responseElements, 'trailARN') ?? 'unknown';
  const arn = raw.startsWith('arn:') ? raw : text(event.responseElements, 'trailARN');
  const name = nameFromArn(raw);
  return { type: 'AWS::CloudTrail::Trail', id: name, name, ...(arn ? { arn } : {}) };
}

/** A pass on the resource the call repaired: resolves the finding an earlier call opened on it. */
export function repaired(event: ActivityEvent, message: string, resource: ResourceRef): Evaluation {
  return { status: 'pass', message: `The ${who(event)} ${message}`, resource };
}
