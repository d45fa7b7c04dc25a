import type { AccountDirectory } from '../../ports/inventory-source';
import type { Notifier } from '../../ports/notifier';
import { lambdaHandler } from '../../shared/middleware';
import { asStoredFinding, notificationItemSchema, parseInput } from '../../shared/schemas';

export interface NotifyDeps {
  notifier: Notifier;
  /** Adds the account's name and OU to the post; a directory failure never blocks the notification. */
  accounts?: AccountDirectory;
}

/** Posts one opened / changed / resolved finding. Notifiers are idempotent per (id, fingerprint, kind). */
export function createTask(deps: NotifyDeps) {
  return async (input: unknown): Promise<{ notified: true }> => {
    const item = parseInput(notificationItemSchema, input, 'Notify');
    const finding = asStoredFinding(item.finding);
    const accountId = finding.resource.accountId;
    const account =
      deps.accounts && accountId ? await deps.accounts.describe(accountId).catch(() => undefined) : undefined;
    await deps.notifier.notify([{ kind: item.kind, finding, ...(account ? { account } : {}) }]);
    return { notified: true };
  };
}

export const createHandler = (deps: NotifyDeps) => lambdaHandler(createTask(deps));
