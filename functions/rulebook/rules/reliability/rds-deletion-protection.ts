import { isProd } from '../../environment';
import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { RdsDbCluster } from '../../model/resources/rds-db-cluster';
import type { RdsDbInstance } from '../../model/resources/rds-db-instance';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'rds-deletion-protection',
  title: 'RDS databases have deletion protection on',
  pillar: 'reliability',
  severity: 'medium',
  maxSeverity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'] },
  source: { seed: '000', section: 'Security References / 5. Resilience & Recovery' },
  rationale:
    'Without deletion protection one API call, console click or stack replacement deletes the database; ' +
    'automated backups go with it unless a final snapshot is taken.',
  recommendation:
    'Set DeletionProtection: true (and DeletionPolicy/UpdateReplacePolicy Snapshot on the template resource).',
  expectedImpact: 'Deleting the database needs a deliberate second step.',
  references: {
    securityHub: ['RDS.7', 'RDS.8'],
    configRules: ['RDS_CLUSTER_DELETION_PROTECTION_ENABLED', 'RDS_INSTANCE_DELETION_PROTECTION_ENABLED'],
  },
  remediation: 'rds-enable-deletion-protection',
  evaluate(db: RdsDbInstance | RdsDbCluster, ctx) {
    if (db.type === 'AWS::RDS::DBInstance' && db.clusterIdentifier !== undefined) {
      return notApplicable('Deletion protection of a cluster member is set on its DB cluster');
    }
    const protectedFlag = db.deletionProtection;
    const prod = protectedFlag === true ? undefined : isProd(db, ctx.config);
    if (protectedFlag instanceof Unknown)
      return unknown('Whether deletion protection is on is not known', protectedFlag, undefined, {
        severity: prod === false ? 'medium' : 'high',
      });
    if (protectedFlag) return pass('Deletion protection is on');
    return fail(
      'Deletion protection is off',
      { deletionProtection: false, ...(prod === true ? { environment: 'prod' } : {}) },
      prod === true ? { severity: 'high' } : {},
    );
  },
});
