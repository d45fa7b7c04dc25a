import { EventFormatError } from '../../errors';
import type { ActivityEvent } from '../../model/activity-event';
import type { ComplianceChange } from '../../model/compliance-change';
import type { CostAnomaly } from '../../model/cost-anomaly';
import type { ResourceBase } from '../../model/resource';
import { normalizeConfigItem } from '../load';
import { activityFromRecord } from './cloudtrail-record';
import { costAnomalyFrom } from './cost-anomaly';

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

/** Both spellings occur: the EventBridge guide says "Signin", real events say "Sign In". */
export const SIGN_IN_DETAIL_TYPES = [
  'AWS Console Sign In via CloudTrail',
  'AWS Console Signin via CloudTrail',
] as const;
export const API_CALL_DETAIL_TYPE = 'AWS API Call via CloudTrail';
export const CONFIG_ITEM_CHANGE_DETAIL_TYPE = 'Config Configuration Item Change';
export const CONFIG_COMPLIANCE_CHANGE_DETAIL_TYPE = 'Config Rules Compliance Change';
export const COST_ANOMALY_DETAIL_TYPE = 'Anomaly Detected';

/**
 * Routes an EventBridge event to its subject. Throws `EventFormatError` (or `NormalizationError`,
 * `UnsupportedResourceError`) naming what is wrong; the caller decides whether that goes to a DLQ.
 */
export function classifyEvent(raw: unknown): ClassifiedEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new EventFormatError('event is not a JSON object');
  }
  const event = raw as Record<string, unknown>;
  const source = event.source;
  const detailType = event['detail-type'];
  const detail = event.detail;
  if (typeof source !== 'string' || typeof detailType !== 'string') {
    throw new EventFormatError('event has no "source" / "detail-type": not an EventBridge event');
  }
  if (typeof detail !== 'object' || detail === null) {
    throw new EventFormatError(`${detailType} event from ${source} has no "detail" object`);
  }
  const d = detail as Record<string, unknown>;
  const eventId = typeof event.id === 'string' ? event.id : '';
  const envelope = {
    account: typeof event.account === 'string' ? event.account : undefined,
    region: typeof event.region === 'string' ? event.region : undefined,
  };

  if (source === 'aws.config' && detailType === CONFIG_ITEM_CHANGE_DETAIL_TYPE) {
    if (d.messageType === 'OversizedConfigurationItemChangeNotification' || d.configurationItemSummary) {
      return { kind: 'oversized-config-item', eventId, summary: oversizedSummary(d, envelope) };
    }
    if (!d.configurationItem) {
      throw new EventFormatError(
        'Config item change event has neither configurationItem nor configurationItemSummary',
      );
    }
    const changeType = (d.configurationItemDiff as { changeType?: unknown } | undefined)?.changeType;
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
  if (
    detailType === API_CALL_DETAIL_TYPE ||
    (SIGN_IN_DETAIL_TYPES as readonly string[]).includes(detailType)
  ) {
    return { kind: 'activity', eventId, activity: activityFromRecord(d, envelope) };
  }
  if (source === 'aws.ce' && detailType === COST_ANOMALY_DETAIL_TYPE) {
    return { kind: 'cost-anomaly', eventId, anomaly: costAnomalyFrom(d, envelope) };
  }
  throw new EventFormatError(
    `unsupported event: source ${JSON.stringify(source)}, detail-type ${JSON.stringify(detailType)}`,
  );
}

function oversizedSummary(
  d: Record<string, unknown>,
  envelope: { account?: string; region?: string },
): OversizedConfigItem {
  const s = (d.configurationItemSummary ?? {}) as Record<string, unknown>;
  const resourceType = s.resourceType;
  const resourceId = s.resourceId;
  if (typeof resourceType !== 'string' || typeof resourceId !== 'string') {
    throw new EventFormatError('oversized configuration item summary has no resourceType / resourceId');
  }
  const location = (d.s3DeliverySummary as { s3BucketLocation?: unknown } | undefined)?.s3BucketLocation;
  return {
    kind: 'oversized-config-item',
    resourceType,
    resourceId,
    ...(typeof s.resourceName === 'string' ? { resourceName: s.resourceName } : {}),
    ...(typeof s.ARN === 'string' ? { arn: s.ARN } : {}),
    accountId: typeof s.awsAccountId === 'string' ? s.awsAccountId : (envelope.account ?? ''),
    region: typeof s.awsRegion === 'string' ? s.awsRegion : (envelope.region ?? ''),
    ...(typeof s.configurationItemCaptureTime === 'string'
      ? { captureTime: s.configurationItemCaptureTime }
      : {}),
    ...(typeof s.changeType === 'string' ? { changeType: s.changeType } : {}),
    ...(typeof location === 'string' ? { s3Location: location } : {}),
  };
}

function complianceChange(
  d: Record<string, unknown>,
  envelope: { account?: string; region?: string },
): ComplianceChange {
  const result = (d.newEvaluationResult ?? {}) as Record<string, unknown>;
  const qualifier = ((result.evaluationResultIdentifier as Record<string, unknown> | undefined)
    ?.evaluationResultQualifier ?? {}) as Record<string, unknown>;
  const configRuleName = d.configRuleName ?? qualifier.configRuleName;
  const resourceType = d.resourceType ?? qualifier.resourceType;
  const resourceId = d.resourceId ?? qualifier.resourceId;
  const complianceType = result.complianceType;
  if (
    typeof configRuleName !== 'string' ||
    typeof resourceType !== 'string' ||
    typeof resourceId !== 'string'
  ) {
    throw new EventFormatError('compliance change event has no configRuleName / resourceType / resourceId');
  }
  if (typeof complianceType !== 'string') {
    throw new EventFormatError(
      `compliance change for ${resourceId} has no newEvaluationResult.complianceType`,
    );
  }
  const previous = (d.oldEvaluationResult as Record<string, unknown> | undefined)?.complianceType;
  return {
    kind: 'compliance-change',
    configRuleName,
    ...(typeof d.configRuleARN === 'string' ? { configRuleArn: d.configRuleARN } : {}),
    resourceType,
    resourceId,
    accountId: typeof d.awsAccountId === 'string' ? d.awsAccountId : (envelope.account ?? ''),
    region: typeof d.awsRegion === 'string' ? d.awsRegion : (envelope.region ?? ''),
    complianceType,
    ...(typeof previous === 'string' ? { previousComplianceType: previous } : {}),
    ...(typeof result.annotation === 'string' ? { annotation: result.annotation } : {}),
    ...(typeof result.resultRecordedTime === 'string' ? { recordedAt: result.resultRecordedTime } : {}),
  };
}
