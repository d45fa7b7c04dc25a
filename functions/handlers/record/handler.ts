import { meetsNotifyMinSeverity } from '../../notifications/min-severity';
import type { FindingsStore, KeptAcknowledged, StoredFinding } from '../../ports/findings-store';
import type { NotificationKind } from '../../ports/notifier';
import type { SuppressionStore } from '../../ports/suppression-store';
import type { Severity } from '../../rulebook/model/severity';
import { applySuppressions } from '../../rulebook/suppressions';
import { budgetedInput, TRIAGE_CUTOFF } from '../../shared/execution-budget';
import { owedNotification } from '../../shared/finding-transitions';
import { remediationGroupExecutionName } from '../../shared/fingerprint';
import { lambdaHandler } from '../../shared/middleware';
import { withoutPastOpenings } from '../../shared/open-spans';
import { groupByFix } from '../../shared/remediation-groups';
import type { StaleEvent } from '../../shared/resource-order';
import { asFinding, evaluatedSchema, parseInput } from '../../shared/schemas';
import { afterRecorded, type ResourceLifecycleDeps } from './resource-lifecycle';

/** One Map item of triage: a finding worth a post, and the remediation to start for it, if any. */
export interface NotificationItem {
  correlationId: string;
  kind: NotificationKind;
  /** The finding as recorded, without its earlier open spans (the report's, not the notifier's). */
  finding: StoredFinding;
  /**
   * The remediation to start after the post: on the lead item of each group of findings one fix of
   * one resource covers (remediation-groups.ts), with the group's other findings (`covers`, whose
   * own items carry none): one execution, one approval for them all.
   */
  remediation?: RemediationStart;
  /**
   * On a `resolved` notice for a finding this event resolved: this event's id. Absent on a resolved
   * notice still owed from an earlier event (sent again now), whose resolver this event is not.
   */
  resolvedBy?: string;
}

export interface RemediationStart {
  id: string;
  /** Idempotent: the same group recorded again (a redelivered event) gets the same name. */
  executionName: string;
  /** The group's other findings, the same fix on the same resource (empty for a lone finding). */
  covers: StoredFinding[];
}

export interface Recorded {
  correlationId: string;
  counts: {
    opened: number;
    changed: number;
    unchanged: number;
    resolved: number;
    suppressed: number;
    /** Opened, changed or resolved, recorded, but not posted: below `notifyMinSeverity`. */
    belowMinSeverity: number;
    /** Unchanged findings (open or resolved) whose notification never went out: sent again (counted in `unchanged` too). */
    owed: number;
    /** 1 when the event is a Config item older than the latest one applied for its resource. */
    stale: number;
    /**
     * Open findings a Config verdict's pass left open: the bot's own check of the resource still
     * fails (verdict-source.ts). Counted in `unchanged` too; never notified.
     */
    deferred: number;
  };
  notifications: NotificationItem[];
  /** The event is stale: what is newer (nothing was recorded, or only what came before `overtaken`). */
  stale?: StaleEvent;
  /** Approvals withdrawn because the resource of their finding was deleted. */
  cancelledApprovals?: string[];
  /**
   * Acknowledged one-off findings this event is an occurrence of, no later than what their
   * acknowledgement covers (a redelivered or replayed CloudTrail event): left resolved, not posted
   * (counted in `unchanged`).
   */
  keptAcknowledged?: KeptAcknowledged[];
}

export interface RecordDeps extends ResourceLifecycleDeps {
  findings: FindingsStore;
  suppressions: SuppressionStore;
  /** Findings below it are recorded but not notified, and start no remediation (`NOTIFY_MIN_SEVERITY`). */
  notifyMinSeverity: Severity;
  now?: () => Date;
  /**
   * Milliseconds since the epoch on the clock `$$.Execution.StartTime` comes from (default
   * `Date.now`: Step Functions' and Lambda's clocks agree well enough for the triage cutoff).
   */
  clock?: () => number;
}

/**
 * Suppressions first (an expired one hides nothing, so its finding reopens), then the store records
 * findings by stable id with conditional writes: the same evaluation twice is `unchanged` (a passed
 * check of a resolved finding too) and notifies nobody, unless the notification of its last
 * transition (opened, changed or resolved) was never delivered (Notify failed and the item was
 * dead-lettered), or was delivered but its remediation never started (StartRemediation
 * failed; the remediation's Plan marks the start; see `owedNotification`): then it is sent again,
 * same kind, same key, same remediation execution name (for the same group), so a replayed or
 * redriven event (or the next event about the resource) finishes the job, and the channels that
 * delivered it are not sent it again (delivery records). Passed checks resolve open findings.
 *
 * Findings due a fix are grouped by fix and resource (`startRemediations`): one remediation, so one
 * approval request, per distinct fix of one resource per event, covering every finding it fixes.
 *
 * The triage Map posts every item of `notifications` and starts its remediation, so this is the one
 * place the minimum severity to notify applies: an opened, changed or resolved finding whose peak
 * severity since it opened is below `notifyMinSeverity` is recorded (it is in the store and the
 * weekly report) but left out of `notifications`, hence neither posted to Slack/SNS nor remediated
 * (an approval request nobody sees would only expire). Semantics: `meetsNotifyMinSeverity`.
 *
 * A Config item change is recorded in order (`evaluated.order`, resource-order.ts): an item older
 * than the latest one applied for its resource changes nothing and notifies nobody (`stale`, logged,
 * not an error). An acknowledged one-off finding is reopened only by an occurrence later than the
 * ones its acknowledgement covers: a redelivered or replayed copy leaves it resolved and notifies
 * nobody (`keptAcknowledged`, logged; finding-transitions.ts). A deletion resolves the resource's findings with that reason: each is audited
 * (`resolved`) and the pending approval of its fix withdrawn (resource-lifecycle.ts).
 *
 * The triage ASL passes `{ evaluated, executionStartTime }`: past the triage cutoff the task throws
 * `TriageDeadlineError` before it reads or writes anything (never after a write), and the event is
 * dead-lettered (execution-budget.ts). An attempt that refuses after an earlier attempt of the same
 * event wrote findings and failed loses nothing: a replay finds them unchanged, their notice owed.
 */
export function createTask(deps: RecordDeps) {
  const now = deps.now ?? (() => new Date());
  const clock = deps.clock ?? Date.now;
  return async (input: unknown): Promise<Recorded> => {
    const raw = budgetedInput(input, 'evaluated', TRIAGE_CUTOFF, clock, 'Record');
    const evaluated = parseInput(evaluatedSchema, raw, 'Record');
    const at = now();
    const suppressions = evaluated.findings.length ? await deps.suppressions.list() : [];
    const { active, suppressed } = applySuppressions(evaluated.findings.map(asFinding), suppressions, at);
    const outcome = await deps.findings.record(active, evaluated.passed, at, evaluated.order);
    const { cancelledApprovals } = await afterRecorded(deps, outcome, evaluated.correlationId, at);
    const notifications: NotificationItem[] = [];
    let belowMinSeverity = 0;
    const push = (kind: NotificationKind, finding: StoredFinding, resolvedBy?: string) => {
      if (!meetsNotifyMinSeverity(finding, deps.notifyMinSeverity)) {
        belowMinSeverity++;
        return;
      }
      notifications.push({
        correlationId: evaluated.correlationId,
        kind,
        finding: withoutPastOpenings(finding),
        ...(resolvedBy ? { resolvedBy } : {}),
      });
    };
    for (const f of outcome.opened) push('opened', f);
    for (const f of outcome.changed) push('changed', f);
    let owed = 0;
    for (const f of outcome.unchanged) {
      // A finding below the minimum was never meant to be posted: it is not owed, and not counted again.
      const kind = owedNotification(f, at);
      if (kind && meetsNotifyMinSeverity(f, deps.notifyMinSeverity)) {
        push(kind, f);
        owed++;
      }
    }
    for (const f of outcome.resolved) push('resolved', f, evaluated.correlationId);
    startRemediations(notifications);
    return {
      correlationId: evaluated.correlationId,
      counts: {
        opened: outcome.opened.length,
        changed: outcome.changed.length,
        unchanged: outcome.unchanged.length,
        resolved: outcome.resolved.length,
        suppressed: suppressed.length,
        belowMinSeverity,
        owed,
        stale: outcome.stale ? 1 : 0,
        deferred: outcome.deferred?.length ?? 0,
      },
      notifications,
      ...(outcome.stale ? { stale: outcome.stale } : {}),
      ...(cancelledApprovals.length ? { cancelledApprovals } : {}),
      ...(outcome.keptAcknowledged?.length ? { keptAcknowledged: outcome.keptAcknowledged } : {}),
    };
  };
}

/**
 * Gives the lead item of each group of findings due a fix (opened, changed, or owed: never a
 * resolution) with the same fix on the same resource its remediation start, covering the group's
 * other findings: one approval per fix and resource per event. The others are still posted, each
 * on its own item; the execution's Plan marks every member's notice started, so until it runs each
 * is owed again (a failed lead item or start loses nothing: a replay groups them again, under the
 * same execution name). A finding owed only its post (its Notify failed, while the lead's item
 * started the remediation covering it) is not due a fix again: it would be asked twice.
 */
function startRemediations(items: NotificationItem[]): void {
  const due = items.filter(
    (n) => n.kind !== 'resolved' && n.finding.remediation && !n.finding.notice?.remediationStarted,
  );
  for (const { lead, covers } of groupByFix(due, (n) => n.finding)) {
    const findings = [lead.finding];
    for (const c of covers) findings.push(c.finding);
    lead.remediation = {
      id: lead.finding.remediation as string,
      executionName: remediationGroupExecutionName(findings),
      covers: findings.slice(1),
    };
  }
}

export const createHandler = (deps: RecordDeps) => lambdaHandler(createTask(deps));
