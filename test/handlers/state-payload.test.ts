import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { lambdaHandler } from '../../functions/shared/middleware';
import {
  LAMBDA_INTEGRATION_ENVELOPE_BYTES,
  OutputTooLargeError,
  STATE_PAYLOAD_LIMIT_BYTES,
} from '../../functions/shared/state-payload';

const context = {
  functionName: 'compliance-bot-evaluate',
  awsRequestId: 'req-1',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:444455556666:function:compliance-bot-evaluate',
  memoryLimitInMB: '512',
  functionVersion: '$LATEST',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

const fits = STATE_PAYLOAD_LIMIT_BYTES - LAMBDA_INTEGRATION_ENVELOPE_BYTES;
/** A result whose JSON (`{"text":"aaa…"}`) is exactly `bytes` long. */
function resultOf(bytes: number) {
  return { text: 'a'.repeat(bytes - '{"text":""}'.length) };
}

describe('results too large for a Step Functions state', () => {
  it('a result that fits the state with the Lambda envelope is returned as it is', async () => {
    const result = resultOf(fits - 1);
    const handler = lambdaHandler(async () => result);
    await expect(handler({ id: 'evt-1' }, context)).resolves.toBe(result);
  });

  it('one byte more fails by name (routed to the dead-letter queue), naming the function and the size', async () => {
    const handler = lambdaHandler(async () => resultOf(fits + 1));
    const error = await handler({ id: 'evt-1' }, context).catch((e: Error) => e);
    expect(error).toBeInstanceOf(OutputTooLargeError);
    expect((error as Error).name).toBe('OutputTooLargeError');
    expect((error as Error).message).toContain('compliance-bot-evaluate returned');
    expect((error as Error).message).toContain(`${fits + 1} bytes`);
  });

  it('counts UTF-8 bytes, not characters: multi-byte text over the limit fails although it has fewer characters', async () => {
    const result = { text: '€'.repeat(Math.ceil(fits / 3)) }; // 3 bytes each in UTF-8
    expect(JSON.stringify(result).length).toBeLessThan(fits);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeGreaterThan(fits);
    const handler = lambdaHandler(async () => result);
    await expect(handler({ id: 'evt-1' }, context)).rejects.toBeInstanceOf(OutputTooLargeError);
  });
});
