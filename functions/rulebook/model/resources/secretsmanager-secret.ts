import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface SecretsManagerSecret extends ResourceBase {
  type: 'AWS::SecretsManager::Secret';
  rotationEnabled: Maybe<boolean>;
  /** Where rotation is configured: the RotationSchedule logical id, or the rotation Lambda ARN. */
  rotatedBy?: string;
  rotationIntervalDays?: Maybe<number>;
}
