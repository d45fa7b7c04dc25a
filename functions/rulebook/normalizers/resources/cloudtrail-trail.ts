import type { CloudTrailTrail } from '../../model/resources/cloudtrail-trail';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asBoolean, asString } from '../values';

export default defineNormalizer<CloudTrailTrail>({
  resourceType: 'AWS::CloudTrail::Trail',

  // Field names: awslabs/aws-config-resource-schema AWS::CloudTrail::Trail.properties.json.
  fromConfigItem(item, source) {
    const c = item.configuration;
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::CloudTrail::Trail' as const,
      isMultiRegion: asBoolean(c.isMultiRegionTrail) ?? false,
      logFileValidation: asBoolean(c.logFileValidationEnabled) ?? false,
      kmsKeyId: emptyToUndefined(asString(c.kmsKeyId)),
      isOrganizationTrail: asBoolean(c.isOrganizationTrail) ?? false,
      isLogging: undefined,
    });
  },

  // Property names: AWS::CloudTrail::Trail in the CloudFormation template reference.
  fromCloudFormation(resource) {
    const p = resource.properties;
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::CloudTrail::Trail' as const,
      isMultiRegion: asBoolean(p.IsMultiRegionTrail) ?? false,
      logFileValidation: asBoolean(p.EnableLogFileValidation) ?? false,
      kmsKeyId: emptyToUndefined(asString(p.KMSKeyId)),
      isOrganizationTrail: asBoolean(p.IsOrganizationTrail) ?? false,
      isLogging: asBoolean(p.IsLogging),
    });
  },
});

function emptyToUndefined<T>(value: T | string | undefined): T | string | undefined {
  return value === '' ? undefined : value;
}
