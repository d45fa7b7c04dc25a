import { Duration, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DeadLetterQueueProps {
  /** Customer managed key (SSE-KMS). Omitted: SQS-managed keys (SSE-SQS), no key to pay for or to grant. */
  key?: IKey;
  /** A fixed name, for a queue operators look up by name (one per account and region). */
  queueName?: string;
  /** How an operator learns that the queue holds a message (the end of its cdk-nag SQS3 reason). */
  watchedBy: string;
}

/**
 * Where nothing gets lost: events EventBridge could not deliver to a target after its retries (and,
 * centrally, original events the triage workflow's Catch sends here, `${DeadLetterQueueUrl}`).
 * Encrypted at rest, TLS-only (a `aws:SecureTransport` deny), 14 days retention (the SQS maximum).
 * It is the end of the chain, so it has no dead-letter queue of its own.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      queueName: props.queueName,
      ...(props.key === undefined
        ? { encryption: QueueEncryption.SQS_MANAGED }
        : {
            encryption: QueueEncryption.KMS,
            encryptionMasterKey: props.key,
            dataKeyReuse: Duration.hours(1),
          }),
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is a dead-letter queue; a DLQ of a DLQ only moves the problem, so ${props.watchedBy}`,
    });
  }
}
