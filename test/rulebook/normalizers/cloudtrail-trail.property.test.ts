import { describe } from 'vitest';
import cloudtrailTrail from '../../../functions/rulebook/normalizers/resources/cloudtrail-trail';
import { trailItem } from '../iam-area-fixtures';
import { normalizerProperties } from './iam-area-property';

describe('cloudtrail-trail normalizer properties', () => {
  normalizerProperties(cloudtrailTrail, trailItem, {
    S3BucketName: 'b',
    IsLogging: true,
    IsMultiRegionTrail: true,
    EnableLogFileValidation: true,
    KMSKeyId: 'alias/k',
  });
});
