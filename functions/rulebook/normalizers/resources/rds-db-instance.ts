import type { RdsDbInstance } from '../../model/resources/rds-db-instance';
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
const REPLICA_SOURCE = [
  'readReplicaSourceDBInstanceIdentifier',
  'readReplicaSourceDbInstanceIdentifier',
] as const;

export default defineNormalizer<RdsDbInstance>({
  resourceType: 'AWS::RDS::DBInstance',

  // Field names: awslabs/aws-config-rdk example_ci/AWS_RDS_DBInstance.json and the resource schema
  // (configuration.storageEncrypted, publiclyAccessible, multiAZ, backupRetentionPeriod,
  // deletionProtection, dBClusterIdentifier, readReplicaSourceDBInstanceIdentifier).
  fromConfigItem(item, source) {
    const c = item.configuration;
    const cluster = asString(spelled(c, CLUSTER_ID));
    const replicaSource = asString(spelled(c, REPLICA_SOURCE));
    // One object from the base, no spread: spreading a populated object is V8's slow path.
    const instance: RdsDbInstance = Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::RDS::DBInstance' as const,
      engine: asString(c.engine),
      storageEncrypted: recorded(asBoolean(c.storageEncrypted), 'storageEncrypted'),
      kmsKeyId: asString(c.kmsKeyId),
      publiclyAccessible: recorded(asBoolean(c.publiclyAccessible), 'publiclyAccessible'),
      multiAz: recorded(asBoolean(spelled(c, MULTI_AZ)), 'multiAZ'),
      backupRetentionDays: recorded(asNumber(c.backupRetentionPeriod), 'backupRetentionPeriod'),
      deletionProtection: asBoolean(c.deletionProtection) ?? false,
    });
    if (cluster !== undefined && cluster !== '') instance.clusterIdentifier = cluster;
    if (replicaSource !== undefined && replicaSource !== '') instance.replicaSource = replicaSource;
    return instance;
  },

  // Property names and defaults: AWS::RDS::DBInstance in the CloudFormation reference.
  // StorageEncrypted defaults to false, but a restored snapshot or a read replica inherits its
  // source's encryption; BackupRetentionPeriod defaults to 1; MultiAZ and DeletionProtection to
  // false; PubliclyAccessible has no fixed default (RDS decides from the VPC's internet gateway).
  fromCloudFormation(resource) {
    const p = resource.properties;
    const cluster = asString(p.DBClusterIdentifier);
    const replicaSource = asString(p.SourceDBInstanceIdentifier);
    const snapshot = asString(p.DBSnapshotIdentifier) ?? asString(p.DBClusterSnapshotIdentifier);
    const inherits = replicaSource ?? snapshot;
    const identifier = asString(p.DBInstanceIdentifier);
    return Object.assign(baseFromCloudFormation(resource), {
      ...(typeof identifier === 'string' ? { name: identifier } : {}),
      type: 'AWS::RDS::DBInstance' as const,
      engine: asString(p.Engine),
      storageEncrypted:
        asBoolean(p.StorageEncrypted) ??
        (inherits !== undefined
          ? new Unknown('encryption is inherited from the source snapshot or instance')
          : asString(p.KmsKeyId) !== undefined),
      kmsKeyId: asString(p.KmsKeyId),
      publiclyAccessible:
        asBoolean(p.PubliclyAccessible) ??
        new Unknown(
          'PubliclyAccessible is not set: RDS makes the instance public when its subnets route to an internet gateway',
        ),
      multiAz: asBoolean(p.MultiAZ) ?? false,
      backupRetentionDays: asNumber(p.BackupRetentionPeriod) ?? 1,
      deletionProtection: asBoolean(p.DeletionProtection) ?? false,
      ...(cluster !== undefined ? { clusterIdentifier: cluster } : {}),
      ...(replicaSource !== undefined ? { replicaSource } : {}),
    });
  },
});

function recorded<T>(value: Maybe<T> | undefined, field: string): Maybe<T> {
  return value ?? new Unknown(`the configuration item has no ${field}`);
}
