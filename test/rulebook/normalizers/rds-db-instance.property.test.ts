import { describe, it } from 'vitest';
import { eventItem } from '../storage-helpers';
import { checkConfigItems, checkTemplates } from './property-support';

describe('AWS::RDS::DBInstance normalizer (property)', () => {
  it('never throws on mutated configuration items, and every rule still answers', () => {
    checkConfigItems(eventItem('config-ci-rds-dbinstance'));
  });

  it('never throws on mutated templates, and every rule still answers', () => {
    checkTemplates({
      Db: {
        Type: 'AWS::RDS::DBInstance',
        Properties: {
          Engine: 'postgres',
          StorageEncrypted: true,
          PubliclyAccessible: false,
          MultiAZ: true,
          BackupRetentionPeriod: 30,
          DeletionProtection: true,
          Tags: [{ Key: 'Environment', Value: 'prod' }],
        },
      },
    });
  });
});
