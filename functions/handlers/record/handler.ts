import type { FindingsStore, StoredFinding } from '../../ports/findings-store';
import type { NotificationKind } from '../../ports/notifier';
import type { SuppressionStore } from '../../ports/suppression-store';
import { applySuppressions } from '../../rulebook/suppressions';
import { owedNotification } from '../../shared/finding-transitions';
import { remediationExecutionName } from '../../shared/fingerprint';
import { lambdaHandler } from '../../shared/middleware';
import { asFinding, evaluatedSchema, parseInput } from '../../shared/schemas';

/** One Map item of triage: a finding worth a post, and the remediation to start for it, if any. */
export interface NotificationItem {
  correlationId: string;
  kind: NotificationKind;
  finding: StoredFinding;
  remediation?: { id: string; executionName: string };
}

export interface Recorded {
  correlationId: string;
  counts: {
    opened: number;
    changed: number;
    unchanged: number;
    resolved: number;
    suppressed: number;
    /** Unchanged findings whose notification never went out: sent again (counted in `unchanged` too). */
    owed: number;
  };
  notifications: NotificationItem[];
}

export interface RecordDeps {
  findings: FindingsStore;
  suppressions: SuppressionStore;
  now?: () => Date;
}

/**
 * Suppressions first (an expired one hides nothing, so its finding reopens), then the store records
 * findings by stable id with conditional writes: the same evaluation twice is `unchanged` and notifies
 * nobody, unless the notification of its last transition was never delivered (Notify failed and the
 * item was dead-lettered; see `owedNotification`): then it is sent again, same kind, same key, same
 * remediation execution name, so a replayed or redriven event (or the next event about the resource)
 * finishes the job. Passed checks resolve open findings.
 */
export function createTask(deps: RecordDeps) {
  const now = deps.now ?? (() => new Date());
  return async (input: unknown): Promise<Recorded> => {
    const evaluated = parseInput(evaluatedSchema, input, 'Record');
    const at = now();
    const suppressions = evaluated.findings.length ? await deps.suppressions.list() : [];
    const { active, suppressed } = applySuppressions(evaluated.findings.map(asFinding), suppressions, at);
    const outcome = await deps.findings.record(active, evaluated.passed, at);
    const notifications: NotificationItem[] = [];
    const push = (kind: NotificationKind, finding: StoredFinding) =>
      notifications.push({
        correlationId: evaluated.correlationId,
        kind,
        finding,
        ...(finding.remediation && kind !== 'resolved'
          ? { remediation: { id: finding.remediation, executionName: remediationExecutionName(finding) } }
          : {}),
      });
    for (const f of outcome.opened) push('opened', f);
    for (const f of outcome.changed) push('changed', f);
    let owed = 0;
    for (const f of outcome.unchanged) {
      const kind = owedNotification(f, at);
      if (kind) {
        push(kind, f);
        owed++;
      }
    }
    for (const f of outcome.resolved) push('resolved', f);
    return {
      correlationId: evaluated.correlationId,
      counts: {
        opened: outcome.opened.length,
        changed: outcome.changed.length,
        unchanged: outcome.unchanged.length,
        resolved: outcome.resolved.length,
        suppressed: suppressed.length,
        owed,
      },
      notifications,
    };
  };
}

export const createHandler = (deps: RecordDeps) => lambdaHandler(createTask(deps));
