import * as z from '../../shared/zod';
import {
  defineRemediation,
  evidenceString,
  field,
  nonEmptyString,
  notFixed,
  ok,
  optionalString,
} from './remediation';

/**
 * Turns on deletion protection for an RDS DB instance, or an Aurora cluster when the finding is about
 * `AWS::RDS::DBCluster`. Applied immediately; it causes no downtime.
 * Evidence: `dbInstanceIdentifier` / `dbClusterIdentifier` (optional; fall back to the resource name, then id).
 * `writeInputs`: IAM cannot restrict which settings ModifyDBInstance / ModifyDBCluster change (a
 * forged plan could reset the master password or make the database public), so the executor accepts
 * exactly the identifier, `DeletionProtection: true` and `ApplyImmediately: true`.
 */
const ID = 'rds-enable-deletion-protection';

function isCluster(type: string): boolean {
  return type === 'AWS::RDS::DBCluster';
}

export default defineRemediation({
  id: ID,
  title: 'Turn on deletion protection for the RDS database',
  destructive: false,
  writeActions: ['rds:ModifyDBInstance', 'rds:ModifyDBCluster'],
  readActions: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'],
  writeInputs: {
    ModifyDBInstance: z.strictObject({
      DBInstanceIdentifier: nonEmptyString(),
      DeletionProtection: z.literal(true),
      ApplyImmediately: z.literal(true),
    }),
    ModifyDBCluster: z.strictObject({
      DBClusterIdentifier: nonEmptyString(),
      DeletionProtection: z.literal(true),
      ApplyImmediately: z.literal(true),
    }),
  },
  evidenceKeys: ['dbInstanceIdentifier', 'dbClusterIdentifier'],
  plan(finding) {
    if (isCluster(finding.resource.type)) {
      const id =
        optionalString(finding, 'dbClusterIdentifier') ??
        evidenceString(ID, finding, 'dbClusterIdentifier', ['name', 'id']);
      return [
        {
          service: 'RDS',
          operation: 'ModifyDBCluster',
          input: { DBClusterIdentifier: id, DeletionProtection: true, ApplyImmediately: true },
          iamAction: 'rds:ModifyDBCluster',
        },
      ];
    }
    const id = evidenceString(ID, finding, 'dbInstanceIdentifier', ['name', 'id']);
    return [
      {
        service: 'RDS',
        operation: 'ModifyDBInstance',
        input: { DBInstanceIdentifier: id, DeletionProtection: true, ApplyImmediately: true },
        iamAction: 'rds:ModifyDBInstance',
      },
    ];
  },
  verify: {
    read(finding) {
      if (isCluster(finding.resource.type)) {
        const id = evidenceString(ID, finding, 'dbClusterIdentifier', ['name', 'id']);
        return [
          {
            service: 'RDS',
            operation: 'DescribeDBClusters',
            input: { DBClusterIdentifier: id },
            iamAction: 'rds:DescribeDBClusters',
          },
        ];
      }
      const id = evidenceString(ID, finding, 'dbInstanceIdentifier', ['name', 'id']);
      return [
        {
          service: 'RDS',
          operation: 'DescribeDBInstances',
          input: { DBInstanceIdentifier: id },
          iamAction: 'rds:DescribeDBInstances',
        },
      ];
    },
    check([output], finding) {
      const list = isCluster(finding.resource.type)
        ? field(output, 'DBClusters')
        : field(output, 'DBInstances');
      const db = Array.isArray(list) ? list[0] : undefined;
      return field(db, 'DeletionProtection') === true
        ? ok('Deletion protection is on')
        : notFixed('Deletion protection is still off');
    },
  },
});
