import { fail, notApplicable, pass, unknown } from '../../model/evaluation';
import type { RdsDbCluster } from '../../model/resources/rds-db-cluster';
import type { RdsDbInstance } from '../../model/resources/rds-db-instance';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'rds-not-publicly-accessible',
  title: 'RDS databases are not publicly accessible',
  pillar: 'security',
  severity: 'critical',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'] },
  source: {
    seed: '001',
    section: 'Security Checklist (VPC with private subnets for sensitive workloads); 3-tier VPC',
  },
  rationale:
    'A publicly accessible database gets a DNS name that resolves to a public IP; with one permissive security ' +
    'group rule it is open to password spraying and exploits from the whole internet.',
  recommendation:
    'Set PubliclyAccessible: false explicitly, place the database in private database subnets, and reach it ' +
    'through the application tier, a bastion via Session Manager, or RDS Proxy.',
  expectedImpact: 'The database cannot be reached from the internet, whatever its security groups say.',
  references: { securityHub: ['RDS.2'], configRules: ['RDS_INSTANCE_PUBLIC_ACCESS_CHECK'] },
  evaluate(db: RdsDbInstance | RdsDbCluster) {
    const publicFlag = db.publiclyAccessible;
    if (publicFlag === undefined) {
      return notApplicable('Public accessibility of an Aurora cluster is set on each of its DB instances');
    }
    if (publicFlag instanceof Unknown)
      return unknown('Whether the database is public is not known', publicFlag);
    if (!publicFlag) return pass('The database is not publicly accessible');
    return fail('PubliclyAccessible is true: the database endpoint resolves to a public IP address', {
      publiclyAccessible: true,
    });
  },
});
