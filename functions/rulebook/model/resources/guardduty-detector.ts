import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface GuardDutyDetector extends ResourceBase {
  type: 'AWS::GuardDuty::Detector';
  /** `Enable` (required in templates, `configuration.Enable` in Config items). */
  enabled: Maybe<boolean>;
  findingPublishingFrequency: Maybe<string> | undefined;
}
