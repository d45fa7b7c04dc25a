import { describe, it } from 'vitest';
import { storageItem } from '../storage-helpers';
import { checkConfigItems, checkTemplates } from './property-support';

describe('AWS::RDS::DBCluster normalizer (property)', () => {
  it('never throws on mutated configuration items, and every rule still answers', () => {
    checkConfigItems(storageItem('config-ci-rds-dbcluster'));
  });

  it('never throws on mutated templates, and every rule still answers', () => {
    checkTemplates({
      Cluster: {
        Type: 'AWS::RDS::DBCluster',
        Properties: {
          Engine: 'aurora-postgresql',
          StorageEncrypted: true,
          BackupRetentionPeriod: 30,
          DeletionProtection: true,
          Tags: [{ Key: 'Environment', Value: 'prod' }],
        },
      },
      Writer: {
        Type: 'AWS::RDS::DBInstance',
        Properties: { Engine: 'aurora-postgresql', DBClusterIdentifier: { Ref: 'Cluster' } },
      },
      Reader: {
        Type: 'AWS::RDS::DBInstance',
        Properties: { Engine: 'aurora-postgresql', DBClusterIdentifier: { Ref: 'Cluster' } },
      },
    });
  });
});
