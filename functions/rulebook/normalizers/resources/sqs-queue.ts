import type { SqsQueue } from '../../model/resources/sqs-queue';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { referenceAsText } from '../storage-values';
import { asBoolean, asString } from '../values';

export default defineNormalizer<SqsQueue>({
  resourceType: 'AWS::SQS::Queue',

  // Field names: awslabs/aws-config-resource-schema AWS::SQS::Queue.properties.json
  // (configuration.KmsMasterKeyId, configuration.SqsManagedSseEnabled, a string "true"/"false").
  // A queue created before SSE-SQS became the default has neither attribute: not encrypted.
  fromConfigItem(item, source) {
    const c = item.configuration;
    const key = asString(c.KmsMasterKeyId);
    // One object from the base, no spread: spreading a populated object is V8's slow path.
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::SQS::Queue' as const,
      kmsMasterKeyId: key === '' ? undefined : key,
      sqsManagedSse: asBoolean(c.SqsManagedSseEnabled) ?? false,
    });
  },

  // Property names: AWS::SQS::Queue KmsMasterKeyId, SqsManagedSseEnabled. SQS encrypts new queues
  // with SSE-SQS by default (AWS Compute Blog, "Announcing server-side encryption with Amazon SQS
  // managed encryption keys (SSE-SQS) by default"), so a queue without either property is encrypted.
  fromCloudFormation(resource) {
    const p = resource.properties;
    const key = referenceAsText(asString(p.KmsMasterKeyId));
    const managed = asBoolean(p.SqsManagedSseEnabled);
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::SQS::Queue' as const,
      kmsMasterKeyId: key === '' ? undefined : key,
      sqsManagedSse: managed ?? key === undefined,
      ...(managed === undefined && key === undefined ? { sqsManagedSseIsDefault: true } : {}),
    });
  },
});
