import { describe, it } from 'vitest';
import { storageItem } from '../storage-helpers';
import { checkConfigItems, checkTemplates } from './property-support';

describe('AWS::SQS::Queue normalizer (property)', () => {
  it('never throws on mutated configuration items, and every rule still answers', () => {
    checkConfigItems(storageItem('config-ci-sqs-queue'));
  });

  it('never throws on mutated templates, and every rule still answers', () => {
    checkTemplates({
      Queue: {
        Type: 'AWS::SQS::Queue',
        Properties: { QueueName: 'jobs', SqsManagedSseEnabled: true, KmsMasterKeyId: 'alias/jobs' },
      },
    });
  });
});
