import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { type TaskCallbacks, TaskExpiredError } from '../../ports/task-callbacks';

/** SDK exception names meaning "nobody waits for this token any more". */
const EXPIRED = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Step Functions callbacks. `SendTaskSuccess.output` must be JSON ≤ 262,144 bytes; `error` ≤ 256 and
 * `cause` ≤ 32,768 characters (API reference). The token is never logged or put in an error message.
 */
export class SfnTaskCallbacks implements TaskCallbacks {
  constructor(private readonly client: SFNClient) {}

  async succeed(taskToken: string, output: unknown): Promise<void> {
    const body = JSON.stringify(output ?? {});
    if (Buffer.byteLength(body, 'utf8') > 262_144) throw new Error('task output exceeds 262,144 bytes');
    await this.send(() => this.client.send(new SendTaskSuccessCommand({ taskToken, output: body })));
  }

  async fail(taskToken: string, error: string, cause: string): Promise<void> {
    await this.send(() =>
      this.client.send(
        new SendTaskFailureCommand({ taskToken, error: error.slice(0, 256), cause: cause.slice(0, 32_768) }),
      ),
    );
  }

  private async send(call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (EXPIRED.has(name)) throw new TaskExpiredError(name, { cause: error });
      throw error;
    }
  }
}

/** The name the handlers on the integration branch import. */
export { SfnTaskCallbacks as StepFunctionsCallbacks };
