import { isProd } from '../../environment';
import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { RdsDbCluster } from '../../model/resources/rds-db-cluster';
import type { RdsDbInstance } from '../../model/resources/rds-db-instance';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'rds-backup-retention',
  title: 'RDS databases keep automated backups long enough',
  pillar: 'reliability',
  severity: 'medium',
  maxSeverity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'] },
  source: { seed: '001', section: 'RDS / Aurora PostgreSQL (backup_retention_period = prod ? 30 : 7)' },
  rationale:
    'Automated backups and point-in-time restore only reach back as far as the retention period. The ' +
    'CloudFormation default of one day means a problem noticed on Monday cannot be undone to Friday.',
  recommendation:
    'Set BackupRetentionPeriod to at least the configured minimum (7 days by default, 30 for production, ' +
    'as in the seed); use AWS Backup for longer or cross-account retention.',
  expectedImpact: 'Data can be restored to any point within the retention window.',
  references: { securityHub: ['RDS.11'], configRules: ['DB_INSTANCE_BACKUP_ENABLED'] },
  evaluate(db: RdsDbInstance | RdsDbCluster, ctx) {
    if (db.type === 'AWS::RDS::DBInstance') {
      if (db.clusterIdentifier !== undefined)
        return notApplicable('Backups of a cluster member are set on its DB cluster');
      if (db.replicaSource !== undefined)
        return notApplicable('Read replicas are restored from their source');
    }
    const days = db.backupRetentionDays;
    if (days instanceof Unknown) return unknown('The backup retention period is not known', days);
    const { minBackupRetentionDays, prodBackupRetentionDays } = ctx.config.rds;
    if (days === 0) {
      return fail(
        'Automated backups are off (BackupRetentionPeriod 0)',
        { backupRetentionDays: 0 },
        { severity: 'high' },
      );
    }
    if (days < minBackupRetentionDays) {
      return fail(
        `Automated backups are kept ${days} day${days === 1 ? '' : 's'}, less than ${minBackupRetentionDays}`,
        {
          backupRetentionDays: days,
          required: minBackupRetentionDays,
        },
      );
    }
    const prod = isProd(db, ctx.config);
    if (prod instanceof Unknown) {
      return days >= prodBackupRetentionDays
        ? pass(`Automated backups are kept ${days} days`)
        : unknown(
            `Backups are kept ${days} days; whether the database is production (needs ${prodBackupRetentionDays}) is not known`,
            prod,
            undefined,
            { severity: 'medium' },
          );
    }
    if (prod && days < prodBackupRetentionDays) {
      return fail(`Production backups are kept ${days} days, less than ${prodBackupRetentionDays}`, {
        backupRetentionDays: days,
        required: prodBackupRetentionDays,
        environment: 'prod',
      });
    }
    return pass(`Automated backups are kept ${days} days`);
  },
});
