import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface CloudTrailTrail extends ResourceBase {
  type: 'AWS::CloudTrail::Trail';
  /** CloudTrail's default is a single-Region trail. */
  isMultiRegion: Maybe<boolean>;
  /** Off unless enabled (`EnableLogFileValidation` / `logFileValidationEnabled`). */
  logFileValidation: Maybe<boolean>;
  /** KMS key for SSE-KMS of the log files; `undefined` means SSE-S3 only. */
  kmsKeyId: Maybe<string> | undefined;
  isOrganizationTrail: Maybe<boolean>;
  /** Templates only (`IsLogging`, required); Config items do not carry the trail status. */
  isLogging: Maybe<boolean> | undefined;
}
