import type { Notifier } from '../../ports/notifier';
import { lambdaHandler } from '../../shared/middleware';
import { asStoredFinding, notificationItemSchema, parseInput } from '../../shared/schemas';

export interface NotifyDeps {
  notifier: Notifier;
}

/** Posts one opened / changed / resolved finding. Notifiers are idempotent per (id, fingerprint, kind). */
export function createTask(deps: NotifyDeps) {
  return async (input: unknown): Promise<{ notified: true }> => {
    const item = parseInput(notificationItemSchema, input, 'Notify');
    await deps.notifier.notify([{ kind: item.kind, finding: asStoredFinding(item.finding) }]);
    return { notified: true };
  };
}

export const createHandler = (deps: NotifyDeps) => lambdaHandler(createTask(deps));
