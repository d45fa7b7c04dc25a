import { describe, it } from 'vitest';
import { storageItem } from '../storage-helpers';
import { checkConfigItems, checkTemplates } from './property-support';

describe('AWS::SNS::Topic normalizer (property)', () => {
  it('never throws on mutated configuration items, and every rule still answers', () => {
    checkConfigItems(storageItem('config-ci-sns-topic'));
  });

  it('never throws on mutated templates, and every rule still answers', () => {
    checkTemplates({
      Topic: {
        Type: 'AWS::SNS::Topic',
        Properties: { TopicName: 'events', KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
      },
    });
  });
});
