import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface EcsEnvironmentVariable {
  name: Maybe<string>;
  value: Maybe<string> | undefined;
}

export interface EcsContainer {
  name: Maybe<string> | undefined;
  environment: Maybe<EcsEnvironmentVariable[]>;
  /** Names of the variables injected from Secrets Manager / SSM (`secrets[].valueFrom`). */
  secretNames: Maybe<Array<Maybe<string>>>;
}

export interface EcsTaskDefinition extends ResourceBase {
  type: 'AWS::ECS::TaskDefinition';
  family: Maybe<string> | undefined;
  containers: Maybe<EcsContainer[]>;
}
