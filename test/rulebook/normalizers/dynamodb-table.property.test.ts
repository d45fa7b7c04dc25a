import { describe, it } from 'vitest';
import { storageItem } from '../storage-helpers';
import { checkConfigItems, checkTemplates } from './property-support';

describe('AWS::DynamoDB::Table normalizer (property)', () => {
  it('never throws on mutated configuration items, and every rule still answers', () => {
    checkConfigItems(storageItem('config-ci-dynamodb-table'));
  });

  it('never throws on mutated templates, and every rule still answers', () => {
    checkTemplates({
      Table: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          TableName: 'orders',
          SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { Ref: 'Key' } },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        },
      },
    });
  });
});
