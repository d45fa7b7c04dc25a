import type { Maybe } from '../unknown';

/**
 * Settings shared by RDS DB instances and DB clusters, so one rule can judge both. `undefined`
 * marks a setting that does not apply to this resource (see each field).
 */
export interface RdsDatabaseSettings {
  engine: Maybe<string> | undefined;
  storageEncrypted: Maybe<boolean>;
  kmsKeyId?: Maybe<string>;
  /**
   * Whether the database gets a public endpoint. `undefined` for Aurora clusters: their instances
   * carry the setting. A template without the property is Unknown: RDS decides from the VPC.
   */
  publiclyAccessible: Maybe<boolean> | undefined;
  multiAz: Maybe<boolean>;
  backupRetentionDays: Maybe<number>;
  deletionProtection: Maybe<boolean>;
}
