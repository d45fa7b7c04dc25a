import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface ConfigRecorder extends ResourceBase {
  type: 'AWS::Config::ConfigurationRecorder';
  /**
   * Whether the recorder is running (`configuration.Recording` in Config items). `undefined` for
   * templates: the recording state is not a template property.
   */
  recording: Maybe<boolean> | undefined;
  /** `RecordingGroup.AllSupported`; AWS Config's default when no recording group is given is true. */
  allSupported: Maybe<boolean>;
  includeGlobalResourceTypes: Maybe<boolean>;
  /** `RecordingGroup.RecordingStrategy.UseOnly`, e.g. `ALL_SUPPORTED_RESOURCE_TYPES`, `INCLUSION_BY_RESOURCE_TYPES`. */
  recordingStrategy: Maybe<string> | undefined;
  /** Resource types listed for inclusion (`ResourceTypes`) or exclusion (`ExclusionByResourceTypes`). */
  includedResourceTypes: Maybe<string[]>;
  excludedResourceTypes: Maybe<string[]>;
}
