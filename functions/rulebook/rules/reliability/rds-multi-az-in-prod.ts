import { isProd } from '../../environment';
import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { RdsDbCluster } from '../../model/resources/rds-db-cluster';
import type { RdsDbInstance } from '../../model/resources/rds-db-instance';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'rds-multi-az-in-prod',
  title: 'Production RDS databases span several Availability Zones',
  pillar: 'reliability',
  severity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'] },
  source: {
    seed: '000',
    section: 'Security References / 5. Resilience & Recovery (multi-AZ for critical data stores)',
  },
  rationale:
    'A single-AZ database is down for as long as its Availability Zone or host is: a restore from backup takes ' +
    'minutes to hours and loses the writes since the last backup. Multi-AZ fails over to a synchronous standby ' +
    'in about a minute.',
  recommendation:
    'For RDS instances set MultiAZ: true. For Aurora clusters run at least two DB instances (a writer and a ' +
    'reader) in different Availability Zones.',
  expectedImpact:
    'Production survives the loss of an Availability Zone with a short failover and no data loss.',
  references: {
    securityHub: ['RDS.5', 'RDS.15'],
    configRules: ['RDS_MULTI_AZ_SUPPORT', 'RDS_CLUSTER_MULTI_AZ_ENABLED'],
  },
  evaluate(db: RdsDbInstance | RdsDbCluster, ctx) {
    if (db.type === 'AWS::RDS::DBInstance') {
      if (db.clusterIdentifier !== undefined) {
        return notApplicable('Availability of a cluster member is judged on its DB cluster');
      }
      if (db.replicaSource !== undefined)
        return notApplicable('Read replicas are judged through their source');
    }
    const prod = isProd(db, ctx.config);
    if (prod instanceof Unknown) return unknown('Whether the database is production is not known', prod);
    if (!prod) return notApplicable('Not a production database (by environment tag or account)');
    const multiAz = db.multiAz;
    if (multiAz instanceof Unknown) return unknown('Whether the database is Multi-AZ is not known', multiAz);
    if (multiAz) return pass('The production database spans several Availability Zones');
    return fail(
      db.type === 'AWS::RDS::DBCluster'
        ? 'The production DB cluster has no instances in a second Availability Zone'
        : 'The production DB instance runs in a single Availability Zone (MultiAZ is false)',
      { multiAz: false, environment: 'prod' },
    );
  },
});
