import { type TaskCallbacks, TaskExpiredError } from '../../ports/task-callbacks';

interface Pending {
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The local SendTaskSuccess / SendTaskFailure: a `.waitForTaskToken` state's override waits on
 * `wait(token)`; the approval endpoint completes it through the TaskCallbacks port. A failure
 * rejects with an error named like SendTaskFailure's `error`, so the ASL's Catch routes on it.
 * A decision for a wait that already timed out is refused with `TaskExpiredError`, as Step Functions
 * answers `TaskTimedOut`, instead of being kept for a wait that will never come.
 */
export class TaskTokenBroker implements TaskCallbacks {
  private readonly pending = new Map<string, Pending>();
  /** Completions that arrived before the state started waiting (the prompt can be faster). */
  private readonly early = new Map<string, { ok: true; output: unknown } | { ok: false; error: Error }>();

  wait(token: string): Promise<unknown> {
    const done = this.early.get(token);
    if (done) {
      this.early.delete(token);
      return done.ok ? Promise.resolve(done.output) : Promise.reject(done.error);
    }
    return new Promise((resolve, reject) => this.pending.set(token, { resolve, reject }));
  }

  /** Tokens whose state timed out: one string per expired approval, so a late click is refused. */
  private readonly expired = new Set<string>();

  /** Forgets a waiting token (the state timed out). */
  abandon(token: string): void {
    this.pending.delete(token);
    this.expired.add(token);
  }

  get waiting(): number {
    return this.pending.size;
  }

  async succeed(taskToken: string, output: unknown): Promise<void> {
    if (this.expired.has(taskToken)) throw new TaskExpiredError('TaskTimedOut');
    const p = this.pending.get(taskToken);
    if (!p) {
      this.early.set(taskToken, { ok: true, output });
      return;
    }
    this.pending.delete(taskToken);
    p.resolve(output);
  }

  async fail(taskToken: string, error: string, cause: string): Promise<void> {
    if (this.expired.has(taskToken)) throw new TaskExpiredError('TaskTimedOut');
    const e = new Error(cause);
    e.name = error;
    const p = this.pending.get(taskToken);
    if (!p) {
      this.early.set(taskToken, { ok: false, error: e });
      return;
    }
    this.pending.delete(taskToken);
    p.reject(e);
  }
}
