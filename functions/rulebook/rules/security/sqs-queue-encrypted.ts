import { fail, pass, unknown } from '../../model/evaluation';
import type { SqsQueue } from '../../model/resources/sqs-queue';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

/**
 * SQS encrypts new queues with SSE-SQS by default since late 2022 (AWS Compute Blog, "Announcing
 * server-side encryption with Amazon SQS-managed encryption keys (SSE-SQS) by default"), so a
 * template without encryption properties passes. Older queues, and queues created with
 * SqsManagedSseEnabled: false, are not encrypted: that is what this rule finds.
 */
export default defineRule({
  id: 'sqs-queue-encrypted',
  title: 'SQS queues encrypt messages at rest',
  pillar: 'security',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::SQS::Queue'] },
  source: { seed: '000', section: 'Security References / 2. Data Protection (encrypt all data at rest)' },
  rationale:
    'Messages can wait in a queue for up to 14 days. Without server-side encryption they are stored in clear ' +
    'text; SSE-SQS encrypts them with SQS-owned keys, SSE-KMS with a key you control and audit.',
  recommendation:
    'Set KmsMasterKeyId to a customer managed key (preferred for sensitive data) or at least ' +
    'SqsManagedSseEnabled: true.',
  expectedImpact: 'Queued messages are encrypted at rest.',
  references: { securityHub: ['SQS.1'] },
  evaluate(queue: SqsQueue) {
    const key = queue.kmsMasterKeyId;
    if (typeof key === 'string')
      return pass('The queue is encrypted with a KMS key (SSE-KMS)', { kmsMasterKeyId: key });
    const managed = queue.sqsManagedSse;
    if (managed === true) {
      return pass(
        queue.sqsManagedSseIsDefault
          ? 'The queue is encrypted with SQS-owned keys (SSE-SQS, the default for new queues)'
          : 'The queue is encrypted with SQS-owned keys (SSE-SQS)',
      );
    }
    if (key instanceof Unknown) return unknown('The queue KMS key is set at deploy time', key);
    if (managed instanceof Unknown) return unknown('Whether SSE-SQS is on is set at deploy time', managed);
    return fail('The queue is not encrypted at rest: no KmsMasterKeyId and SqsManagedSseEnabled is off', {
      kmsMasterKeyId: null,
      sqsManagedSseEnabled: false,
    });
  },
});
