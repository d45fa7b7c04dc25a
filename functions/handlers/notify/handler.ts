import type { FindingsStore } from '../../ports/findings-store';
import type { AccountDirectory } from '../../ports/inventory-source';
import type { Notifier } from '../../ports/notifier';
import { budgetedInput, NOTIFY_CUTOFF } from '../../shared/execution-budget';
import { lambdaHandler } from '../../shared/middleware';
import { asStoredFinding, notificationItemSchema, parseInput } from '../../shared/schemas';

export interface NotifyDeps {
  notifier: Notifier;
  /** Where the finding's notice is marked delivered, so a replay of the event does not send it again. */
  findings: Pick<FindingsStore, 'markNotified'>;
  /** Adds the account's name and OU to the post; a directory failure never blocks the notification. */
  accounts?: AccountDirectory;
  /**
   * Milliseconds since the epoch on the clock `$$.Execution.StartTime` comes from (default
   * `Date.now`: Step Functions' and Lambda's clocks agree well enough for a 50 s cutoff).
   */
  clock?: () => number;
}

/**
 * Posts one opened / changed / resolved finding. Notifiers are idempotent per notification key and
 * channel (a retry sends only on the channels that failed). Once every channel has it, the finding's
 * notice is marked delivered; until then Record sends it again on a replay of the event.
 *
 * The triage ASL passes `{ item, executionStartTime }`: past the notify cutoff the task throws
 * `NotifyDeadlineError` before anything else, which stops the triage Map (execution-budget.ts). A
 * bare item (a definition from before the time budget, still running during a deployment) has no
 * budget to check.
 */
export function createTask(deps: NotifyDeps) {
  const clock = deps.clock ?? Date.now;
  return async (input: unknown): Promise<{ notified: true }> => {
    const raw = budgetedInput(input, 'item', NOTIFY_CUTOFF, clock, 'Notify');
    const item = parseInput(notificationItemSchema, raw, 'Notify');
    const finding = asStoredFinding(item.finding);
    const accountId = finding.resource.accountId;
    const account =
      deps.accounts && accountId ? await deps.accounts.describe(accountId).catch(() => undefined) : undefined;
    await deps.notifier.notify([
      {
        kind: item.kind,
        finding,
        ...(account ? { account } : {}),
        ...(item.kind === 'resolved' && item.resolvedBy ? { resolvedBy: item.resolvedBy } : {}),
      },
    ]);
    if (finding.notice?.kind === item.kind) await deps.findings.markNotified(finding.id, finding.notice);
    return { notified: true };
  };
}

export const createHandler = (deps: NotifyDeps) => lambdaHandler(createTask(deps));
