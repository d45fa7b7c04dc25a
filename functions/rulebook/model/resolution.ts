/**
 * Why a finding was resolved, when it is not simply that its check passed again. Stored on the
 * finding (`resolvedReason`) with the resolution, shown on every RESOLVED notice (Slack, SNS,
 * terminal), in the audit trail and counted in the weekly report.
 *
 * `resource-deleted`: AWS Config recorded the resource as deleted (`configurationItemStatus`
 * `ResourceDeleted` or `ResourceDeletedNotRecorded`): nothing is left to fix.
 */
export interface ResolutionReason {
  code: 'resource-deleted';
  /** One sentence for people, e.g. "the resource was deleted (AWS Config: ResourceDeleted at ...)". */
  text: string;
}

export function isResourceDeleted(reason: ResolutionReason | undefined): boolean {
  return reason?.code === 'resource-deleted';
}
