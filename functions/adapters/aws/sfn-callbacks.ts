import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { TaskCallbacks } from '../../ports/task-callbacks';
import { rethrowTransient } from '../../shared/errors';

/** SendTaskSuccess / SendTaskFailure. The token is passed through, never logged. */
export class StepFunctionsCallbacks implements TaskCallbacks {
  constructor(private readonly client: SFNClient) {}

  async succeed(taskToken: string, output: unknown): Promise<void> {
    try {
      await this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    } catch (error) {
      rethrowTransient(error, 'Step Functions SendTaskSuccess');
    }
  }

  async fail(taskToken: string, error: string, cause: string): Promise<void> {
    try {
      // error: at most 256 characters; cause: at most 32,768.
      await this.client.send(
        new SendTaskFailureCommand({ taskToken, error: error.slice(0, 256), cause: cause.slice(0, 32_768) }),
      );
    } catch (e) {
      rethrowTransient(e, 'Step Functions SendTaskFailure');
    }
  }
}
