import type { ConfigRecorder } from '../../model/resources/config-recorder';
import { type Maybe, Unknown } from '../../model/unknown';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asArray, asBoolean, asRecord, asString, get } from '../values';

export default defineNormalizer<ConfigRecorder>({
  resourceType: 'AWS::Config::ConfigurationRecorder',

  // Field names: awslabs/aws-config-resource-schema AWS::Config::ConfigurationRecorder.properties.json
  // (configuration.Recording, configuration.RecordingGroup.AllSupported, ...).
  fromConfigItem(item, source) {
    const c = item.configuration;
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::Config::ConfigurationRecorder' as const,
      taggable: false,
      recording: asBoolean(c.Recording) ?? new Unknown('the configuration item has no Recording field'),
      ...recordingGroup(c.RecordingGroup),
    });
  },

  // Property names: AWS::Config::ConfigurationRecorder in the CloudFormation template reference.
  fromCloudFormation(resource) {
    const p = resource.properties;
    const name = asString(p.Name);
    return Object.assign(baseFromCloudFormation(resource), {
      ...(typeof name === 'string' ? { name } : {}),
      type: 'AWS::Config::ConfigurationRecorder' as const,
      taggable: false,
      recording: undefined,
      ...recordingGroup(p.RecordingGroup),
    });
  },
});

type GroupFields = Pick<
  ConfigRecorder,
  | 'allSupported'
  | 'includeGlobalResourceTypes'
  | 'recordingStrategy'
  | 'includedResourceTypes'
  | 'excludedResourceTypes'
>;

/** Without a recording group, AWS Config records all supported resource types. */
function recordingGroup(raw: unknown): GroupFields {
  const group = asRecord(raw);
  if (group instanceof Unknown) {
    return {
      allSupported: group,
      includeGlobalResourceTypes: group,
      recordingStrategy: group,
      includedResourceTypes: group,
      excludedResourceTypes: group,
    };
  }
  if (group === undefined) {
    return {
      allSupported: true,
      includeGlobalResourceTypes: false,
      recordingStrategy: undefined,
      includedResourceTypes: [],
      excludedResourceTypes: [],
    };
  }
  return {
    allSupported: asBoolean(group.AllSupported) ?? false,
    includeGlobalResourceTypes: asBoolean(group.IncludeGlobalResourceTypes) ?? false,
    recordingStrategy: asString(get(group, 'RecordingStrategy', 'UseOnly')),
    includedResourceTypes: typeList(group.ResourceTypes),
    excludedResourceTypes: typeList(get(group, 'ExclusionByResourceTypes', 'ResourceTypes')),
  };
}

function typeList(raw: unknown): Maybe<string[]> {
  const list = asArray(raw);
  if (list instanceof Unknown) return list;
  const out: string[] = [];
  for (const item of list ?? []) {
    const value = asString(item);
    if (value instanceof Unknown) return value;
    if (value !== undefined) out.push(value);
  }
  return out;
}
