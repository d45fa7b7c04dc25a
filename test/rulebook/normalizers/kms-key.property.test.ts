import { describe, it } from 'vitest';
import { storageItem } from '../storage-helpers';
import { checkConfigItems, checkTemplates } from './property-support';

describe('AWS::KMS::Key normalizer (property)', () => {
  it('never throws on mutated configuration items, and every rule still answers', () => {
    checkConfigItems(storageItem('config-ci-kms-key'));
  });

  it('never throws on mutated templates, and every rule still answers', () => {
    checkTemplates({
      Key: {
        Type: 'AWS::KMS::Key',
        Properties: {
          EnableKeyRotation: true,
          KeySpec: 'SYMMETRIC_DEFAULT',
          KeyUsage: 'ENCRYPT_DECRYPT',
          Origin: 'AWS_KMS',
        },
      },
    });
  });
});
