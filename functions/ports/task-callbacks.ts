/**
 * Completes a paused `.waitForTaskToken` task: SendTaskSuccess / SendTaskFailure in AWS, the local
 * runtime's token broker locally. Only the approval endpoint holds this port.
 */
export interface TaskCallbacks {
  succeed(taskToken: string, output: unknown): Promise<void>;
  fail(taskToken: string, error: string, cause: string): Promise<void>;
}
