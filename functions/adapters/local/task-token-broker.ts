import { type TaskCallbacks, TaskExpiredError } from '../../ports/task-callbacks';

interface Pending {
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The local SendTaskSuccess / SendTaskFailure: a `.waitForTaskToken` state's override waits on
 * `wait(token)`; the approval endpoint completes it through the TaskCallbacks port. A failure
 * rejects with an error named like SendTaskFailure's `error`, so the ASL's Catch routes on it.
 * A decision for a wait that already timed out (or whose execution ended) is refused with
 * `TaskExpiredError`, as Step Functions answers `TaskTimedOut`, instead of being kept for a wait
 * that will never come.
 *
 * Memory stays bounded by the executions running: with `issued` (the runtime's own token format),
 * a token of this process whose execution is not open is expired without being remembered; only
 * tokens it did not issue are remembered when abandoned.
 */
export class TaskTokenBroker implements TaskCallbacks {
  private readonly pending = new Map<string, Pending>();
  /** Completions that arrived before the state started waiting (the prompt can be faster). */
  private readonly early = new Map<string, { ok: true; output: unknown } | { ok: false; error: Error }>();
  /** Tokens of the executions running now (see `open`). */
  private readonly open_ = new Set<string>();
  /** Abandoned tokens that `issued` does not recognise: one string each, so a late click is refused. */
  private readonly expired = new Set<string>();

  /** `issued(token)`: the token was handed out by this process (its execution is running or ended). */
  constructor(private readonly issued: (token: string) => boolean = () => false) {}

  /** The execution holding `token` started: completions for it are kept until it waits. */
  open(token: string): void {
    this.open_.add(token);
  }

  wait(token: string): Promise<unknown> {
    const done = this.early.get(token);
    if (done) {
      this.early.delete(token);
      return done.ok ? Promise.resolve(done.output) : Promise.reject(done.error);
    }
    return new Promise((resolve, reject) => this.pending.set(token, { resolve, reject }));
  }

  /** Forgets a token: its state timed out or its execution ended. Later completions are refused. */
  abandon(token: string): void {
    this.pending.delete(token);
    this.early.delete(token);
    if (!this.open_.delete(token) || !this.issued(token)) this.expired.add(token);
  }

  get waiting(): number {
    return this.pending.size;
  }

  async succeed(taskToken: string, output: unknown): Promise<void> {
    this.refuseExpired(taskToken);
    const p = this.pending.get(taskToken);
    if (!p) {
      this.early.set(taskToken, { ok: true, output });
      return;
    }
    this.pending.delete(taskToken);
    p.resolve(output);
  }

  async fail(taskToken: string, error: string, cause: string): Promise<void> {
    this.refuseExpired(taskToken);
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

  private refuseExpired(token: string): void {
    const gone = this.expired.has(token) || (this.issued(token) && !this.open_.has(token));
    if (gone) throw new TaskExpiredError('TaskTimedOut');
  }
}
