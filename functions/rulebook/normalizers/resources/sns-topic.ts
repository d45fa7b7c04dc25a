import type { SnsTopic } from '../../model/resources/sns-topic';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { referenceAsText } from '../storage-values';
import { asString } from '../values';

export default defineNormalizer<SnsTopic>({
  resourceType: 'AWS::SNS::Topic',

  // Field names: awslabs/aws-config-resource-schema AWS::SNS::Topic.properties.json
  // (configuration.KmsMasterKeyId: the GetTopicAttributes attribute names).
  fromConfigItem(item, source) {
    const key = asString(item.configuration.KmsMasterKeyId);
    // One object from the base, no spread: spreading a populated object is V8's slow path.
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::SNS::Topic' as const,
      kmsMasterKeyId: key === '' ? undefined : key,
    });
  },

  // Property names: AWS::SNS::Topic KmsMasterKeyId (no encryption when absent).
  fromCloudFormation(resource) {
    const key = referenceAsText(asString(resource.properties.KmsMasterKeyId));
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::SNS::Topic' as const,
      kmsMasterKeyId: key === '' ? undefined : key,
    });
  },
});
