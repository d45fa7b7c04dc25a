import type { LogsLogGroup } from '../../model/resources/logs-log-group';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asNumber, asString } from '../values';

export default defineNormalizer<LogsLogGroup>({
  resourceType: 'AWS::Logs::LogGroup',

  // AWS Config records this type with the CloudFormation-registry property names (RetentionInDays,
  // LogGroupName, KmsKeyId); items in the DescribeLogGroups shape use camelCase. Both are read.
  fromConfigItem(item, source) {
    const c = item.configuration;
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::Logs::LogGroup' as const,
      ...(item.resourceName ? {} : nameOf(c.LogGroupName ?? c.logGroupName)),
      retentionInDays: asNumber(c.RetentionInDays ?? c.retentionInDays),
      kmsKeyId: asString(c.KmsKeyId ?? c.kmsKeyId),
    });
  },

  // Property names: AWS::Logs::LogGroup in the CloudFormation template reference.
  fromCloudFormation(resource) {
    const p = resource.properties;
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::Logs::LogGroup' as const,
      retentionInDays: asNumber(p.RetentionInDays),
      kmsKeyId: asString(p.KmsKeyId),
    });
  },
});

function nameOf(value: unknown): { name?: string } {
  return typeof value === 'string' && value !== '' ? { name: value } : {};
}
