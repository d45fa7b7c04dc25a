import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';
import type { RdsDatabaseSettings } from './rds-database';

export interface RdsDbInstance extends ResourceBase, RdsDatabaseSettings {
  type: 'AWS::RDS::DBInstance';
  /**
   * The Aurora (or Multi-AZ DB) cluster this instance belongs to. Encryption, backups, deletion
   * protection and availability are then properties of the cluster, not of the instance.
   */
  clusterIdentifier?: Maybe<string>;
  /** Source of a read replica; replicas take their data (and backups) from the source. */
  replicaSource?: Maybe<string>;
}
