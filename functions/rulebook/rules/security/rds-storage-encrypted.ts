import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { RdsDbCluster } from '../../model/resources/rds-db-cluster';
import type { RdsDbInstance } from '../../model/resources/rds-db-instance';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'rds-storage-encrypted',
  title: 'RDS databases encrypt their storage',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'] },
  source: {
    seed: '001',
    section: 'RDS / Aurora PostgreSQL (storage_encrypted, kms_key_id); Security Checklist',
  },
  rationale:
    'An unencrypted database leaves its storage, automated backups, snapshots and read replicas in clear text. ' +
    'Encryption cannot be switched on later: the database has to be restored from an encrypted snapshot copy.',
  recommendation:
    'Create databases with StorageEncrypted: true and a customer managed KmsKeyId. For an existing database, ' +
    'copy a snapshot with encryption, restore it, and cut over.',
  expectedImpact: 'Data, backups and snapshots are encrypted at rest under a key you control.',
  references: {
    securityHub: ['RDS.3', 'RDS.27'],
    configRules: ['RDS_STORAGE_ENCRYPTED', 'RDS_CLUSTER_ENCRYPTED_AT_REST'],
  },
  evaluate(db: RdsDbInstance | RdsDbCluster) {
    if (db.type === 'AWS::RDS::DBInstance' && db.clusterIdentifier !== undefined) {
      return notApplicable('Storage encryption of a cluster member is set on its DB cluster');
    }
    const encrypted = db.storageEncrypted;
    if (encrypted instanceof Unknown)
      return unknown('Whether the storage is encrypted is not known', encrypted);
    if (encrypted) return pass('Storage is encrypted');
    return fail(
      `The ${db.type === 'AWS::RDS::DBCluster' ? 'DB cluster' : 'DB instance'} storage is not encrypted (StorageEncrypted is false)`,
      { storageEncrypted: false, ...(typeof db.engine === 'string' ? { engine: db.engine } : {}) },
    );
  },
});
