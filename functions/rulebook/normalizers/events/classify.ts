import { EventFormatError } from '../../errors';
import type { ActivityEvent } from '../../model/activity-event';
import type { ComplianceChange } from '../../model/compliance-change';
import type { CostAnomaly } from '../../model/cost-anomaly';
import type { ResourceBase } from '../../model/resource';
import { normalizeConfigItem } from '../load';
import { activityFromRecord, type EventEnvelope } from './cloudtrail-record';
import { costAnomalyFrom } from './cost-anomaly';
import {
  CLOUDTRAIL_DETAIL_TYPES,
  CONFIG_COMPLIANCE_CHANGE_DETAIL_TYPE,
  CONFIG_ITEM_CHANGE_DETAIL_TYPE,
  COST_ANOMALY_DETAIL_TYPE,
} from './detail-types';

/** The summary an oversized configuration item notification carries instead of the item. */
export interface OversizedConfigItem {
  kind: 'oversized-config-item';
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  arn?: string;
  accountId: string;
  region: string;
  captureTime?: string;
  changeType?: string;
  /** `<bucket>/<key>` of the full item in the Config delivery bucket, when Config delivered it. */
  s3Location?: string;
}

/** What an incoming EventBridge event means for the rule book. */
export type ClassifiedEvent =
  | { kind: 'resource'; eventId: string; resource: ResourceBase; changeType?: string }
  | { kind: 'oversized-config-item'; eventId: string; summary: OversizedConfigItem }
  | { kind: 'compliance-change'; eventId: string; change: ComplianceChange }
  | { kind: 'activity'; eventId: string; activity: ActivityEvent }
  | { kind: 'cost-anomaly'; eventId: string; anomaly: CostAnomaly };

export {
  API_CALL_DETAIL_TYPE,
  CLOUDTRAIL_DETAIL_TYPES,
  CONFIG_COMPLIANCE_CHANGE_DETAIL_TYPE,
  CONFIG_ITEM_CHANGE_DETAIL_TYPE,
  COST_ANOMALY_DETAIL_TYPE,
  OTHER_CLOUDTRAIL_DETAIL_TYPES,
  SIGN_IN_DETAIL_TYPES,
} from './detail-types';

/**
 * Routes one EventBridge event to its subject. Throws `EventFormatError` (or `NormalizationError`,
 * `UnsupportedResourceError`) naming what is wrong; the caller decides whether that goes to a DLQ.
 */
export function classifyEvent(raw: unknown): ClassifiedEvent {
  const problem = notAnEventProblem(raw);
  if (problem !== undefined) throw new EventFormatError(problem);
  const event = raw as Record<string, unknown>;
  const source = event.source as string;
  const detailType = event['detail-type'] as string;
  const detail = event.detail;
  if (!isObject(detail)) {
    throw new EventFormatError(`${detailType} event from ${source} has no "detail" object`);
  }
  const d = detail;
  const eventId = typeof event.id === 'string' ? event.id : '';
  const envelope: EventEnvelope & { resources?: unknown } = {
    account: nonEmpty(event.account),
    region: nonEmpty(event.region),
    time: nonEmpty(event.time),
    resources: event.resources,
  };

  if (source === 'aws.config' && detailType === CONFIG_ITEM_CHANGE_DETAIL_TYPE) {
    if (d.messageType === 'OversizedConfigurationItemChangeNotification' || d.configurationItemSummary) {
      return { kind: 'oversized-config-item', eventId, summary: oversizedSummary(d, envelope) };
    }
    if (!isObject(d.configurationItem)) {
      throw new EventFormatError(
        'Config item change event has neither a configurationItem object nor a configurationItemSummary',
      );
    }
    const diff = d.configurationItemDiff;
    const changeType = isObject(diff) ? diff.changeType : undefined;
    return {
      kind: 'resource',
      eventId,
      resource: normalizeConfigItem(d.configurationItem, 'config'),
      ...(typeof changeType === 'string' ? { changeType } : {}),
    };
  }
  if (source === 'aws.config' && detailType === CONFIG_COMPLIANCE_CHANGE_DETAIL_TYPE) {
    return { kind: 'compliance-change', eventId, change: complianceChange(d, envelope) };
  }
  if (CLOUDTRAIL_DETAIL_TYPES.has(detailType)) {
    // Only AWS emits `aws.*` sources; anyone allowed to PutEvents on the bus could send the rest.
    if (!source.startsWith('aws.')) {
      throw new EventFormatError(
        `${detailType} event from source ${JSON.stringify(source)}: CloudTrail events come only from AWS services (source "aws.<service>"); an event posted with PutEvents cannot be one`,
      );
    }
    const activity = activityFromRecord(d, envelope);
    return { kind: 'activity', eventId: eventId || activity.eventId, activity };
  }
  if (source === 'aws.ce' && detailType === COST_ANOMALY_DETAIL_TYPE) {
    const anomaly = costAnomalyFrom(d, envelope);
    return { kind: 'cost-anomaly', eventId: eventId || anomaly.anomalyId, anomaly };
  }
  throw new EventFormatError(
    `unsupported event: source ${JSON.stringify(source)}, detail-type ${JSON.stringify(detailType)}`,
  );
}

/**
 * Everything `compliance-bot evaluate` and the local runtime accept in one parsed JSON value:
 * - one EventBridge event, or an array of them;
 * - a CloudTrail log file (`{"Records": [<CloudTrail record>, ...]}`);
 * - an SNS-delivered Lambda event (`{"Records": [{"Sns": {"Message": "<JSON>"}}]}`), e.g. a Cost
 *   Anomaly Detection IMMEDIATE alert, whose message uses `dimensionalValue`;
 * - a bare Cost Anomaly Detection SNS message body (an object with `anomalyId` and `impact`).
 * Errors name the position of the bad entry (`Records[3]: ...`).
 */
export function classifyInput(raw: unknown): ClassifiedEvent[] {
  if (Array.isArray(raw)) return raw.map((item, i) => at(`[${i}]`, () => classifyEvent(item)));
  if (!isObject(raw)) throw new EventFormatError('input is not a JSON object or array');
  if ('detail-type' in raw || 'source' in raw) return [classifyEvent(raw)];
  if (Array.isArray(raw.Records)) {
    return raw.Records.map((record, i) => at(`Records[${i}]`, () => classifyRecord(record)));
  }
  if ('Records' in raw) throw new EventFormatError('"Records" is not an array');
  if ('anomalyId' in raw && 'impact' in raw) {
    const anomaly = costAnomalyFrom(raw);
    return [{ kind: 'cost-anomaly', eventId: anomaly.anomalyId, anomaly }];
  }
  throw new EventFormatError(
    'input is neither an EventBridge event, a CloudTrail log file ("Records"), nor an SNS event',
  );
}

/** One entry of a `Records` array: a CloudTrail record or an SNS notification. */
function classifyRecord(record: unknown): ClassifiedEvent {
  if (!isObject(record)) throw new EventFormatError('record is not an object');
  if (isObject(record.Sns)) return classifySnsMessage(record.Sns);
  const activity = activityFromRecord(record);
  return { kind: 'activity', eventId: activity.eventId, activity };
}

function classifySnsMessage(sns: Record<string, unknown>): ClassifiedEvent {
  const text = sns.Message;
  if (typeof text !== 'string') throw new EventFormatError('SNS notification has no Message string');
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch (error) {
    throw new EventFormatError('SNS Message is not JSON', { cause: error });
  }
  if (isObject(message) && ('detail-type' in message || 'source' in message)) return classifyEvent(message);
  if (isObject(message) && 'anomalyId' in message) {
    const topic = typeof sns.TopicArn === 'string' ? sns.TopicArn.split(':') : [];
    const anomaly = costAnomalyFrom(message, topic[3] ? { region: topic[3] } : {});
    const id = typeof sns.MessageId === 'string' && sns.MessageId ? sns.MessageId : anomaly.anomalyId;
    return { kind: 'cost-anomaly', eventId: id, anomaly };
  }
  throw new EventFormatError('SNS Message is neither an EventBridge event nor a cost anomaly alert');
}

function at<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof EventFormatError) {
      throw new EventFormatError(`${where}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function oversizedSummary(d: Record<string, unknown>, envelope: EventEnvelope): OversizedConfigItem {
  const s = isObject(d.configurationItemSummary) ? d.configurationItemSummary : {};
  const resourceType = str(s.resourceType);
  const resourceId = str(s.resourceId);
  if (!resourceType || !resourceId) {
    throw new EventFormatError('oversized configuration item summary has no resourceType / resourceId');
  }
  const delivery = isObject(d.s3DeliverySummary) ? d.s3DeliverySummary : {};
  const summary: OversizedConfigItem = {
    kind: 'oversized-config-item',
    resourceType,
    resourceId,
    accountId: str(s.awsAccountId) ?? envelope.account ?? '',
    region: str(s.awsRegion) ?? envelope.region ?? '',
  };
  const name = str(s.resourceName);
  if (name) summary.resourceName = name;
  const arn = str(s.ARN);
  if (arn) summary.arn = arn;
  const captureTime = str(s.configurationItemCaptureTime);
  if (captureTime) summary.captureTime = captureTime;
  const changeType = str(s.changeType);
  if (changeType) summary.changeType = changeType;
  const location = str(delivery.s3BucketLocation);
  if (location) summary.s3Location = location;
  return summary;
}

function complianceChange(d: Record<string, unknown>, envelope: EventEnvelope): ComplianceChange {
  const result = isObject(d.newEvaluationResult) ? d.newEvaluationResult : {};
  const identifier = isObject(result.evaluationResultIdentifier) ? result.evaluationResultIdentifier : {};
  const qualifier = isObject(identifier.evaluationResultQualifier)
    ? identifier.evaluationResultQualifier
    : {};
  const configRuleName = str(d.configRuleName) ?? str(qualifier.configRuleName);
  const resourceType = str(d.resourceType) ?? str(qualifier.resourceType);
  const resourceId = str(d.resourceId) ?? str(qualifier.resourceId);
  const complianceType = str(result.complianceType);
  if (!configRuleName || !resourceType || !resourceId) {
    throw new EventFormatError('compliance change event has no configRuleName / resourceType / resourceId');
  }
  if (!complianceType) {
    throw new EventFormatError(
      `compliance change for ${resourceId} has no newEvaluationResult.complianceType`,
    );
  }
  const change: ComplianceChange = {
    kind: 'compliance-change',
    configRuleName,
    resourceType,
    resourceId,
    accountId: str(d.awsAccountId) ?? envelope.account ?? '',
    region: str(d.awsRegion) ?? envelope.region ?? '',
    complianceType,
  };
  const arn = str(d.configRuleARN);
  if (arn) change.configRuleArn = arn;
  const previous = isObject(d.oldEvaluationResult) ? str(d.oldEvaluationResult.complianceType) : undefined;
  if (previous) change.previousComplianceType = previous;
  const annotation = str(result.annotation);
  if (annotation) change.annotation = annotation;
  const recordedAt = str(result.resultRecordedTime);
  if (recordedAt) change.recordedAt = recordedAt;
  return change;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Why `raw` is not an EventBridge event at all (another JSON value than an object, no "source" /
 * "detail-type"), or undefined. Said the same way by `evaluate` and the triage's Normalize. Triage
 * input is always JSON (EventBridge and StartExecution take nothing else), so a string is a JSON
 * string, never the raw text of a line.
 */
export function notAnEventProblem(raw: unknown): string | undefined {
  if (!isObject(raw))
    return `event is not a JSON object (it is ${jsonKindOf(raw)}): not an EventBridge event`;
  if (isSnsNotification(raw))
    return 'event is an SNS notification (Records[].Sns), not an EventBridge event: the bot ingests the EventBridge "Anomaly Detected" event (source aws.ce), not the Cost Anomaly Detection SNS notification';
  if (typeof raw.source !== 'string' || typeof raw['detail-type'] !== 'string')
    return 'event has no "source" / "detail-type": not an EventBridge event';
  return undefined;
}

/** The event a Lambda subscribed to an SNS topic receives: `{"Records": [{"Sns": {...}}]}`. */
function isSnsNotification(raw: Record<string, unknown>): boolean {
  return Array.isArray(raw.Records) && raw.Records.some((r) => isObject(r) && isObject(r.Sns));
}

/** `a JSON string`, `null`, `an array`...: what a value that is not an object is, in JSON's words. */
function jsonKindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return encodedTwice(value) ? 'a JSON string holding JSON text: encoded twice' : 'a JSON string';
  if (typeof value === 'number' || typeof value === 'boolean') return `a JSON ${typeof value}`;
  return typeof value;
}

/** A string whose text is itself a JSON object or array (an event serialized twice). */
function encodedTwice(text: string): boolean {
  try {
    const inner: unknown = JSON.parse(text);
    return typeof inner === 'object' && inner !== null;
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
