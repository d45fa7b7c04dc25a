import { describe } from 'vitest';
import configRecorder from '../../../functions/rulebook/normalizers/resources/config-recorder';
import { recorderItem } from '../iam-area-fixtures';
import { normalizerProperties } from './iam-area-property';

describe('config-recorder normalizer properties', () => {
  normalizerProperties(configRecorder, recorderItem, {
    Name: 'default',
    RoleARN: 'arn:aws:iam::1:role/r',
    RecordingGroup: {
      AllSupported: false,
      ResourceTypes: ['AWS::S3::Bucket'],
      ExclusionByResourceTypes: { ResourceTypes: [] },
      RecordingStrategy: { UseOnly: 'INCLUSION_BY_RESOURCE_TYPES' },
    },
  });
});
