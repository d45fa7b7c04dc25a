/**
 * Which triage worker an event goes to, and which worker owns a stored finding. The rule: every
 * event that can touch a finding goes to the worker that owns it, in file order, so each finding's
 * history is exactly what a sequential replay writes.
 *
 * - A Config item change (full or oversized) touches the findings of its resource only (resource
 *   findings are `rule + account + region + type + id`): key `account|region|type|id`. So does a
 *   Config rule compliance change (its finding is filed on the resource the Config rule judged).
 * - A CloudTrail call or a cost anomaly touches findings of its account (activity and cost rules
 *   name the call's resource or the account, always in the call's account, never a Config item's
 *   finding: their rule ids differ): key `account`. Keying a call by the resource it touches would
 *   split a StopLogging and the StartLogging that resolves it whenever CloudTrail leaves
 *   `resources[]` out.
 * - Anything else (malformed, unsupported) has no key: it goes to the worker with the fewest events
 *   so far.
 */

import { CLOUDTRAIL_DETAIL_TYPES } from '../rulebook/normalizers/events/detail-types';

type Json = Record<string, unknown>;

const CONFIG_ITEM_CHANGE = 'Config Configuration Item Change';
const CONFIG_COMPLIANCE_CHANGE = 'Config Rules Compliance Change';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The shard key of an EventBridge event, or undefined when no finding can depend on where it runs. */
export function shardKeyOfEvent(event: unknown): string | undefined {
  if (!isObject(event) || !isObject(event.detail)) return undefined;
  const d = event.detail;
  const source = event.source;
  const detailType = event['detail-type'];
  if (source === 'aws.config' && detailType === CONFIG_ITEM_CHANGE) {
    const item = isObject(d.configurationItem) ? d.configurationItem : undefined;
    const summary = isObject(d.configurationItemSummary) ? d.configurationItemSummary : undefined;
    if (
      summary &&
      (d.messageType === 'OversizedConfigurationItemChangeNotification' || d.configurationItemSummary)
    ) {
      // As classifyEvent: the summary's account / region, else the envelope's.
      return resourceKey(
        str(summary.awsAccountId) ?? str(event.account),
        str(summary.awsRegion) ?? str(event.region),
        summary.resourceType,
        summary.resourceId,
      );
    }
    // As toConfigItem / baseFromConfigItem: the item's own fields (no envelope fallback); the
    // Config API and snapshots spell the account `accountId`.
    if (item)
      return resourceKey(
        str(item.awsAccountId) ?? str(item.accountId),
        str(item.awsRegion),
        item.resourceType,
        item.resourceId,
      );
    return undefined;
  }
  if (source === 'aws.config' && detailType === CONFIG_COMPLIANCE_CHANGE) {
    // As complianceChange: the finding is filed on the resource the Config rule judged.
    const result = isObject(d.newEvaluationResult) ? d.newEvaluationResult : {};
    const identifier = isObject(result.evaluationResultIdentifier) ? result.evaluationResultIdentifier : {};
    const qualifier = isObject(identifier.evaluationResultQualifier)
      ? identifier.evaluationResultQualifier
      : {};
    return resourceKey(
      str(d.awsAccountId) ?? str(event.account),
      str(d.awsRegion) ?? str(event.region),
      str(d.resourceType) ?? str(qualifier.resourceType),
      str(d.resourceId) ?? str(qualifier.resourceId),
    );
  }
  // CloudTrail delivers calls to AWS Config with source aws.config too: those are activity of the account.
  const viaCloudTrail = typeof detailType === 'string' && CLOUDTRAIL_DETAIL_TYPES.has(detailType);
  if (source === 'aws.config' && !viaCloudTrail) return undefined;
  if (source === 'aws.ce') return accountKey(str(d.accountId) ?? str(event.account));
  // CloudTrail deliveries, as activityFromRecord picks the account.
  const identity = isObject(d.userIdentity) ? d.userIdentity : {};
  return accountKey(str(d.recipientAccountId) ?? str(event.account) ?? str(identity.accountId));
}

/** The shard key of a stored finding: the same key as the events that can touch it. */
export function shardKeyOfFinding(finding: {
  source?: string;
  resource: { accountId?: string; region?: string; type: string; id: string };
}): string {
  const r = finding.resource;
  if (finding.source === 'cloudtrail' || finding.source === 'cost') return accountKey(r.accountId)!;
  return resourceKey(r.accountId, r.region, r.type, r.id)!;
}

function resourceKey(account: string | undefined, region: string | undefined, type: unknown, id: unknown) {
  if (typeof type !== 'string' || typeof id !== 'string') return undefined;
  return `r|${account ?? ''}|${region ?? ''}|${type}|${id}`;
}

function accountKey(account: string | undefined): string | undefined {
  return `a|${account ?? ''}`;
}

/** FNV-1a: the same key always lands on the same worker, in every run with the same worker count. */
export function shardOf(key: string, workers: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % workers;
}
