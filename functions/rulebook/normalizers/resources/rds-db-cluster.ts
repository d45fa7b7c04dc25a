import type { RdsDbCluster } from '../../model/resources/rds-db-cluster';
import { type Maybe, Unknown } from '../../model/unknown';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { spelled } from '../storage-values';
import { asBoolean, asNumber, asString } from '../values';

/** `dBClusterIdentifier` on instances (RDK sample), `dbclusterIdentifier` on clusters (RDK sample). */
const CLUSTER_ID = [
  'dBClusterIdentifier',
  'dbclusterIdentifier',
  'dbClusterIdentifier',
  'DBClusterIdentifier',
] as const;
const MULTI_AZ = ['multiAZ', 'multiAz', 'MultiAZ'] as const;

export default defineNormalizer<RdsDbCluster>({
  resourceType: 'AWS::RDS::DBCluster',

  // Field names: awslabs/aws-config-rdk example_ci/AWS_RDS_DBCluster.json (configuration.engine,
  // engineMode, storageEncrypted, kmsKeyId, multiAZ, backupRetentionPeriod, deletionProtection,
  // dbclusterIdentifier). `multiAZ` is DescribeDBClusters' MultiAZ: true when the cluster has
  // instances (or a standby) in more than one Availability Zone.
  fromConfigItem(item, source) {
    const c = item.configuration;
    const engine = asString(c.engine);
    const mode = asString(c.engineMode);
    const identifier = asString(spelled(c, CLUSTER_ID));
    // One object from the base, no spread: spreading a populated object is V8's slow path.
    return Object.assign(baseFromConfigItem(item, source), {
      ...(typeof identifier === 'string' && !item.resourceName ? { name: identifier } : {}),
      type: 'AWS::RDS::DBCluster' as const,
      engine,
      ...(typeof mode === 'string' ? { engineMode: mode } : {}),
      storageEncrypted: recorded(asBoolean(c.storageEncrypted), 'storageEncrypted'),
      kmsKeyId: asString(c.kmsKeyId),
      publiclyAccessible: isAurora(engine) ? undefined : (asBoolean(c.publiclyAccessible) ?? undefined),
      multiAz: recorded(asBoolean(spelled(c, MULTI_AZ)), 'multiAZ'),
      backupRetentionDays: recorded(asNumber(c.backupRetentionPeriod), 'backupRetentionPeriod'),
      deletionProtection: asBoolean(c.deletionProtection) ?? false,
    });
  },

  // Property names and defaults: AWS::RDS::DBCluster in the CloudFormation reference.
  // An Aurora cluster is highly available when it has instances in two or more AZs: in a template,
  // when two or more AWS::RDS::DBInstance resources name it in DBClusterIdentifier. Aurora
  // Serverless v1 (EngineMode serverless) and Multi-AZ DB clusters (DBClusterInstanceClass set)
  // span AZs by design.
  fromCloudFormation(resource, scope) {
    const p = resource.properties;
    const engine = asString(p.Engine);
    const mode = asString(p.EngineMode);
    const restored = asString(p.SnapshotIdentifier) ?? asString(p.SourceDBClusterIdentifier);
    const multiAzCluster = asString(p.DBClusterInstanceClass) !== undefined;
    const members = scope.referencing('AWS::RDS::DBInstance', 'DBClusterIdentifier', resource.logicalId);
    const identifier = asString(p.DBClusterIdentifier);
    let multiAz: Maybe<boolean>;
    if (mode === 'serverless' || multiAzCluster) multiAz = true;
    else if (mode instanceof Unknown) multiAz = mode;
    else multiAz = members.length >= 2;
    return Object.assign(baseFromCloudFormation(resource), {
      ...(typeof identifier === 'string' ? { name: identifier } : {}),
      type: 'AWS::RDS::DBCluster' as const,
      engine,
      ...(typeof mode === 'string' ? { engineMode: mode } : {}),
      storageEncrypted:
        asBoolean(p.StorageEncrypted) ??
        (mode === 'serverless'
          ? true
          : restored !== undefined
            ? new Unknown('encryption is inherited from the source snapshot or cluster')
            : asString(p.KmsKeyId) !== undefined),
      kmsKeyId: asString(p.KmsKeyId),
      publiclyAccessible: multiAzCluster
        ? (asBoolean(p.PubliclyAccessible) ??
          new Unknown('PubliclyAccessible is not set: RDS decides from the VPC of the subnet group'))
        : undefined,
      multiAz,
      backupRetentionDays: asNumber(p.BackupRetentionPeriod) ?? 1,
      deletionProtection: asBoolean(p.DeletionProtection) ?? false,
    });
  },
});

function isAurora(engine: Maybe<string> | undefined): boolean {
  return typeof engine === 'string' && engine.startsWith('aurora');
}

function recorded<T>(value: Maybe<T> | undefined, field: string): Maybe<T> {
  return value ?? new Unknown(`the configuration item has no ${field}`);
}
