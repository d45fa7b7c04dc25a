import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface EcsService extends ResourceBase {
  type: 'AWS::ECS::Service';
  /** `ENABLED` or `DISABLED` (the default); `undefined` without an awsvpc network configuration. */
  assignPublicIp: Maybe<string> | undefined;
  launchType: Maybe<string> | undefined;
}
