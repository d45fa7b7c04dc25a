import { Duration, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * Where nothing gets lost: events EventBridge could not deliver to the triage workflow (after its
 * retries), and original events the triage workflow's Catch sends here (`${DeadLetterQueueUrl}`).
 * KMS-encrypted (customer key), TLS-only, 14 days retention (the SQS maximum). It is the end of the
 * chain, so it has no dead-letter queue of its own; an alarm fires as soon as it holds a message.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: { key: IKey }) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      dataKeyReuse: Duration.hours(1),
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue (EventBridge rule and Scheduler targets, workflow Catch states); ' +
        'a DLQ of a DLQ only moves the problem, so an alarm fires on its first message instead',
    });
  }
}
