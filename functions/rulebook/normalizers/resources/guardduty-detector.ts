import type { GuardDutyDetector } from '../../model/resources/guardduty-detector';
import { Unknown } from '../../model/unknown';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asBoolean, asString } from '../values';

export default defineNormalizer<GuardDutyDetector>({
  resourceType: 'AWS::GuardDuty::Detector',

  // Field names: awslabs/aws-config-resource-schema AWS::GuardDuty::Detector.properties.json.
  fromConfigItem(item, source) {
    const c = item.configuration;
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::GuardDuty::Detector' as const,
      enabled: asBoolean(c.Enable) ?? new Unknown('the configuration item has no Enable field'),
      findingPublishingFrequency: asString(c.FindingPublishingFrequency),
    });
  },

  // Property names: AWS::GuardDuty::Detector in the CloudFormation template reference (Enable is required).
  fromCloudFormation(resource) {
    const p = resource.properties;
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::GuardDuty::Detector' as const,
      enabled: asBoolean(p.Enable) ?? new Unknown('the template sets no Enable (a required property)'),
      findingPublishingFrequency: asString(p.FindingPublishingFrequency),
    });
  },
});
