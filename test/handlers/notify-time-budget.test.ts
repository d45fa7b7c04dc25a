import { describe, expect, it, vi } from 'vitest';
import { createTask as notify } from '../../functions/handlers/notify/handler';
import type { FindingNotification } from '../../functions/ports/notifier';
import { NotifyDeadlineError, TaskInputError } from '../../functions/shared/errors';
import { NOTIFY_CUTOFF_MS, refuseAfterCutoff } from '../../functions/shared/execution-budget';
import { storedFinding } from '../notifications/findings';

const START = '2026-11-22T10:00:00.000Z';
const at = (seconds: number) => Date.parse(START) + seconds * 1000;

function setup(nowSeconds: number) {
  const sent: FindingNotification[][] = [];
  const notifier = { notify: vi.fn(async (n: readonly FindingNotification[]) => void sent.push([...n])) };
  const markNotified = vi.fn(async () => {});
  const task = notify({ notifier, findings: { markNotified }, clock: () => at(nowSeconds) });
  const finding = storedFinding({ notice: { kind: 'opened', at: START } });
  const item = { correlationId: 'evt-1', kind: 'opened', finding };
  return { task, item, notifier, markNotified, sent };
}

describe('notify: the execution time budget', () => {
  it('inside the cutoff, the item in the envelope is posted and its notice marked delivered', async () => {
    // Prepare
    const { task, item, markNotified, sent } = setup(NOTIFY_CUTOFF_MS / 1000 - 1);
    // Act
    const result = await task({ item, executionStartTime: START });
    // Assess
    expect(result).toEqual({ notified: true });
    expect(sent).toHaveLength(1);
    expect(sent[0]![0]!.finding.id).toBe(item.finding.id);
    expect(markNotified).toHaveBeenCalledTimes(1);
  });

  it('past the cutoff, it throws NotifyDeadlineError before posting anything', async () => {
    // Prepare
    const { task, item, notifier, markNotified } = setup(NOTIFY_CUTOFF_MS / 1000 + 1);
    // Act
    const error = await task({ item, executionStartTime: START }).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(NotifyDeadlineError);
    expect((error as Error).name).toBe('NotifyDeadlineError');
    expect((error as Error).message).toMatch(/51 s ago, past the 50 s notify cutoff/);
    expect(notifier.notify).not.toHaveBeenCalled();
    expect(markNotified).not.toHaveBeenCalled();
  });

  it('a bare item (a definition from before the budget, during a deployment) is posted without a check', async () => {
    const { task, item, sent } = setup(3600);
    await expect(task(item)).resolves.toEqual({ notified: true });
    expect(sent).toHaveLength(1);
  });

  it('an envelope without a valid start time is a wiring bug (TaskInputError), not a refusal', async () => {
    const { task, item, notifier } = setup(0);
    await expect(task({ item, executionStartTime: 'yesterday' })).rejects.toBeInstanceOf(TaskInputError);
    expect(notifier.notify).not.toHaveBeenCalled();
  });

  it.each([
    [0, false],
    [50, false],
    [50.001, true],
    [299, true],
  ])('%s s into the execution: refused %s', (seconds, refused) => {
    const check = () => refuseAfterCutoff(START, at(seconds));
    if (refused) expect(check).toThrow(NotifyDeadlineError);
    else expect(check).not.toThrow();
  });
});
