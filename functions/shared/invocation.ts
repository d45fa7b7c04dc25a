import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from 'aws-lambda';

type Clock = Pick<Context, 'getRemainingTimeInMillis'>;

const current = new AsyncLocalStorage<Clock>();

/**
 * Runs `fn` as part of the Lambda invocation `context` belongs to, so code that lives for the
 * container (the Slack notifier) can ask how long this invocation has left. `lambdaHandler` does
 * this for every handler.
 */
export function withInvocation<T>(context: Clock, fn: () => T): T {
  return current.run(context, fn);
}

/**
 * Milliseconds left in the current invocation (`context.getRemainingTimeInMillis()`), or `undefined`
 * outside one (tests, the local runtime). Handlers pass this to clients that may wait in-process:
 *
 * @example
 * new SlackNotifier({ client, channel, findings, retry: { remainingMs: remainingInvocationMs } });
 */
export function remainingInvocationMs(): number | undefined {
  return current.getStore()?.getRemainingTimeInMillis();
}
