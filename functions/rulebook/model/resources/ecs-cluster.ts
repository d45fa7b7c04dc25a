import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface EcsCluster extends ResourceBase {
  type: 'AWS::ECS::Cluster';
  /**
   * The `containerInsights` cluster setting (`enabled`, `enhanced`, `disabled`); `undefined` when not
   * set, in which case the account default applies.
   */
  containerInsights: Maybe<string> | undefined;
}
