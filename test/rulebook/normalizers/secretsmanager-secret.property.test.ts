import { describe, it } from 'vitest';
import { storageItem } from '../storage-helpers';
import { checkConfigItems, checkTemplates } from './property-support';

describe('AWS::SecretsManager::Secret normalizer (property)', () => {
  it('never throws on mutated configuration items, and every rule still answers', () => {
    checkConfigItems(storageItem('config-ci-secretsmanager-secret'));
  });

  it('never throws on mutated templates, and every rule still answers', () => {
    checkTemplates({
      Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'db' } },
      Rotation: {
        Type: 'AWS::SecretsManager::RotationSchedule',
        Properties: { SecretId: { Ref: 'Secret' }, RotationRules: { AutomaticallyAfterDays: 30 } },
      },
    });
  });
});
