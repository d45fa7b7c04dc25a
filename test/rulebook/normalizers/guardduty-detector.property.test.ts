import { describe } from 'vitest';
import guarddutyDetector from '../../../functions/rulebook/normalizers/resources/guardduty-detector';
import { detectorItem } from '../iam-area-fixtures';
import { normalizerProperties } from './iam-area-property';

describe('guardduty-detector normalizer properties', () => {
  normalizerProperties(guarddutyDetector, detectorItem, {
    Enable: true,
    FindingPublishingFrequency: 'SIX_HOURS',
  });
});
