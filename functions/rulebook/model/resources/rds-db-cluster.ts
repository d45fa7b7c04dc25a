import type { ResourceBase } from '../resource';
import type { RdsDatabaseSettings } from './rds-database';

export interface RdsDbCluster extends ResourceBase, RdsDatabaseSettings {
  type: 'AWS::RDS::DBCluster';
  /** `provisioned`, `serverless` (Aurora Serverless v1), ... */
  engineMode?: string;
}
