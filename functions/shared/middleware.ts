import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { withInvocation } from './invocation';
import { correlationIdOf, logger } from './logger';
import { assertFitsState } from './state-payload';

/** A task: what a handler does with its (already JSON-parsed) input, free of Lambda concerns. */
export type Task<I = unknown, O = unknown> = (input: I) => Promise<O>;

/**
 * The house middy stack: Lambda context and the correlation id (the EventBridge event id) on every
 * log line, one structured error line on failure (the error is rethrown so Step Functions routes on
 * its name). The task runs inside the invocation's context, so `remainingInvocationMs()` answers.
 * A result too large for a Step Functions state fails here by name (`OutputTooLargeError`), so the
 * Task's Catch dead-letters the event instead of the execution dying with `States.DataLimitExceeded`.
 */
export function lambdaHandler<I, O>(task: Task<I, O>) {
  return middy<I, O, Error, Context>(async (event: I, context: Context) =>
    withInvocation(context, async () => {
      const result = await task(event);
      assertFitsState(result, context.functionName);
      return result;
    }),
  )
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      before: (request) => {
        const id = correlationIdOf(request.event);
        if (id) logger.setCorrelationId(id);
      },
      onError: (request) => {
        const error = request.error;
        logger.error('task failed', { errorName: error?.name, errorMessage: error?.message });
      },
    });
}
