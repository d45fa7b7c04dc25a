import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface SqsQueue extends ResourceBase {
  type: 'AWS::SQS::Queue';
  /** KMS key for SSE-KMS; `undefined` when none is set. */
  kmsMasterKeyId: Maybe<string> | undefined;
  /** SSE with SQS owned keys (SSE-SQS). */
  sqsManagedSse: Maybe<boolean>;
  /** True when SSE-SQS is on only because SQS enables it by default for new queues. */
  sqsManagedSseIsDefault?: boolean;
}
