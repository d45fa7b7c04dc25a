import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface SnsTopic extends ResourceBase {
  type: 'AWS::SNS::Topic';
  /** KMS key for server-side encryption; `undefined` when the topic is not encrypted at rest. */
  kmsMasterKeyId: Maybe<string> | undefined;
}
