import { describe, expect, it } from 'vitest';
import { TaskTokenBroker } from '../../../functions/adapters/local/task-token-broker';
import { TaskExpiredError } from '../../../functions/ports/task-callbacks';

describe('TaskTokenBroker (local SendTaskSuccess / SendTaskFailure)', () => {
  it('completes a waiting state with the decision', async () => {
    const broker = new TaskTokenBroker();
    const waiting = broker.wait('t1');
    await broker.succeed('t1', { decision: 'approved' });
    await expect(waiting).resolves.toEqual({ decision: 'approved' });
    expect(broker.waiting).toBe(0);
  });

  it('keeps a decision that arrives before the state waits', async () => {
    const broker = new TaskTokenBroker();
    await broker.fail('t2', 'Remediation.Rejected', 'rejected by U0123456789');
    await expect(broker.wait('t2')).rejects.toMatchObject({ name: 'Remediation.Rejected' });
  });

  it('refuses a click after the wait timed out, as Step Functions does, and keeps nothing', async () => {
    const broker = new TaskTokenBroker();
    void broker.wait('t3').catch(() => undefined);
    broker.abandon('t3');
    await expect(broker.succeed('t3', { decision: 'approved' })).rejects.toBeInstanceOf(TaskExpiredError);
    await expect(broker.fail('t3', 'Remediation.Rejected', 'late')).rejects.toThrow(/TaskTimedOut/);
    expect(broker.waiting).toBe(0);
  });

  it('refuses a click for an ended execution of its own without remembering its token', async () => {
    // Prepare
    const broker = new TaskTokenBroker((token) => token.startsWith('own-'));
    broker.open('own-1');
    void broker.wait('own-1').catch(() => undefined);
    // Act
    broker.abandon('own-1');
    // Assess
    await expect(broker.succeed('own-1', { decision: 'approved' })).rejects.toBeInstanceOf(TaskExpiredError);
    await expect(broker.fail('own-2', 'Remediation.Rejected', 'never opened')).rejects.toThrow(
      /TaskTimedOut/,
    );
    expect((broker as unknown as { expired: Set<string> }).expired.size).toBe(0);
    expect(broker.waiting).toBe(0);
  });

  it('keeps an early decision for an open execution of its own until it waits', async () => {
    const broker = new TaskTokenBroker((token) => token.startsWith('own-'));
    broker.open('own-3');
    await broker.succeed('own-3', { decision: 'approved' });
    await expect(broker.wait('own-3')).resolves.toEqual({ decision: 'approved' });
  });
});
