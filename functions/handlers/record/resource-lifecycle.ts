import { type CancelDeps, cancelApproval } from '../../approvals/cancel';
import type { ApprovalStore } from '../../ports/approval-store';
import type { AuditLog } from '../../ports/audit-log';
import type { RecordOutcome } from '../../ports/findings-store';
import type { TaskCallbacks } from '../../ports/task-callbacks';
import { isResourceDeleted } from '../../rulebook/model/resolution';
import { logger } from '../../shared/logger';

/**
 * What Record does about a resource's lifecycle once the store recorded the event: the audit record
 * of each finding a deletion resolved, the withdrawal of the pending approval of its fix, and the
 * log line of a stale event, of an acknowledged finding an old occurrence left resolved, or of a
 * deferred Config verdict. Each dependency is optional: without `audit` nothing is audited,
 * without `approvals` and `callbacks` no approval is withdrawn (the approval endpoint and Remediate
 * still refuse a fix for a deleted resource).
 */
export interface ResourceLifecycleDeps {
  audit?: AuditLog;
  approvals?: Pick<ApprovalStore, 'get' | 'decide'>;
  /** Fails the waiting remediation task of a withdrawn approval (SendTaskFailure only). */
  callbacks?: TaskCallbacks;
  /**
   * Where a stale event (WARN) and a deferred Config verdict (INFO) are logged (default: the
   * Powertools logger). The local runtime passes its own: `npm start` says each in one line of its
   * output instead.
   */
  log?: {
    warn(message: string, fields: Record<string, unknown>): void;
    info?(message: string, fields: Record<string, unknown>): void;
  };
}

export async function afterRecorded(
  deps: ResourceLifecycleDeps,
  outcome: RecordOutcome,
  correlationId: string,
  at: Date,
): Promise<{ cancelledApprovals: string[] }> {
  const cancelledApprovals: string[] = [];
  if (outcome.stale) {
    // Not an error: EventBridge and dead-letter replays deliver out of order. Nothing was notified.
    (deps.log ?? logger).warn(
      outcome.stale.overtaken
        ? 'configuration item overtaken by a newer one while recorded: the rest of it was not applied'
        : 'stale configuration item: older than the latest one applied for its resource, nothing changed',
      { correlationId, stale: outcome.stale },
    );
  }
  for (const kept of outcome.keptAcknowledged ?? []) {
    // Not an error either: a copy of an occurrence a person already acknowledged. Nothing was written.
    const fields = { correlationId, keptAcknowledged: kept };
    const message =
      'acknowledged finding left resolved: this occurrence is not later than the acknowledged ones';
    if (deps.log) deps.log.info?.(message, fields);
    else logger.info(message, fields);
  }
  if (outcome.deferred?.length) {
    // The trace of a Config pass that changed nothing (verdict-source.ts): no post, no audit record.
    (deps.log ?? logger).info?.(
      "AWS Config rule verdict not applied: the open finding carries the bot's own failing check, whose next evaluation of the resource decides",
      { correlationId, findingIds: outcome.deferred.map((f) => f.id) },
    );
  }
  const cancel: CancelDeps | undefined =
    deps.approvals && deps.callbacks && deps.audit
      ? { approvals: deps.approvals, callbacks: deps.callbacks, audit: deps.audit }
      : undefined;
  for (const finding of outcome.resolved) {
    const reason = finding.resolvedReason;
    if (!isResourceDeleted(reason)) continue;
    await deps.audit?.append({
      at: at.toISOString(),
      actor: 'compliance-bot',
      action: 'resolved',
      findingId: finding.id,
      outcome: `${reason!.text}; event ${correlationId}`,
      ...(finding.resource.accountId ? { accountId: finding.resource.accountId } : {}),
    });
    const latest = finding.latestApproval;
    if (!cancel || !latest || !deps.approvals) continue;
    const approval = await deps.approvals.get(latest.approvalId);
    if (approval && (await cancelApproval(cancel, approval, finding, at)))
      cancelledApprovals.push(approval.approvalId);
  }
  return { cancelledApprovals };
}
