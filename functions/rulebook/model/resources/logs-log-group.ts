import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface LogsLogGroup extends ResourceBase {
  type: 'AWS::Logs::LogGroup';
  /** Days; `undefined` means "Never expire", CloudWatch Logs' default. */
  retentionInDays: Maybe<number> | undefined;
  kmsKeyId: Maybe<string> | undefined;
}
