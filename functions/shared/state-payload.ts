/**
 * Step Functions refuses a state input or output over 256 KiB of UTF-8 JSON (262,144 bytes:
 * Step Functions API reference, StateExitedEventDetails `output`) with `States.DataLimitExceeded`, a
 * terminal error no `States.ALL` Catch routes: the execution just fails and the event it carried
 * never reaches the dead-letter queue. A handler whose result would not fit throws this named error
 * instead, which the Catch of every Task routes to the dead-letter queue with the original event.
 */
export const STATE_PAYLOAD_LIMIT_BYTES = 262_144;

/**
 * The Lambda integration wraps the function's result in `{ Payload, StatusCode, ExecutedVersion,
 * SdkHttpMetadata, SdkResponseMetadata }` before `OutputPath` picks `Payload`: the wrapper (status,
 * version, response headers) has to fit too.
 */
export const LAMBDA_INTEGRATION_ENVELOPE_BYTES = 4_096;

export class OutputTooLargeError extends Error {
  override readonly name = 'OutputTooLargeError';
}

/** Throws `OutputTooLargeError` when `result` as JSON would not fit a Step Functions state. */
export function assertFitsState(result: unknown, producer: string): void {
  const json = JSON.stringify(result);
  if (json === undefined) return;
  const limit = STATE_PAYLOAD_LIMIT_BYTES - LAMBDA_INTEGRATION_ENVELOPE_BYTES;
  // Cheap first: a UTF-8 encoding is at most 3 bytes per UTF-16 code unit.
  if (json.length * 3 <= limit) return;
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > limit) {
    throw new OutputTooLargeError(
      `${producer} returned ${bytes} bytes of JSON; a Step Functions state holds at most ${limit} (256 KiB less the Lambda integration's envelope)`,
    );
  }
}
