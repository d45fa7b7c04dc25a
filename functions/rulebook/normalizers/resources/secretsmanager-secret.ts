import type { SecretsManagerSecret } from '../../model/resources/secretsmanager-secret';
import { Unknown } from '../../model/unknown';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { getAnyCase } from '../storage-values';
import { asBoolean, asNumber, asString, get } from '../values';

export default defineNormalizer<SecretsManagerSecret>({
  resourceType: 'AWS::SecretsManager::Secret',

  // Field names: awslabs/aws-config-resource-schema AWS::SecretsManager::Secret.properties.json
  // (configuration.RotationEnabled, RotationLambdaARN, RotationRules.AutomaticallyAfterDays).
  fromConfigItem(item, source) {
    const c = item.configuration;
    const enabled = asBoolean(getAnyCase(c, 'RotationEnabled'));
    const lambda = asString(getAnyCase(c, 'RotationLambdaARN'));
    const days = asNumber(getAnyCase(c, 'RotationRules', 'AutomaticallyAfterDays'));
    const name = asString(getAnyCase(c, 'Name'));
    return {
      ...baseFromConfigItem(item, source),
      ...(typeof name === 'string' && !item.resourceName ? { name } : {}),
      type: 'AWS::SecretsManager::Secret',
      // DescribeSecret omits RotationEnabled for secrets that never had rotation configured.
      rotationEnabled: enabled ?? false,
      ...(typeof lambda === 'string' ? { rotatedBy: lambda } : {}),
      ...(days !== undefined ? { rotationIntervalDays: days } : {}),
    };
  },

  // Rotation is a separate resource: AWS::SecretsManager::RotationSchedule whose SecretId is
  // `!Ref` the secret (the Ref of a secret is its ARN).
  fromCloudFormation(resource, scope) {
    const name = asString(resource.properties.Name);
    const schedules = scope.referencing(
      'AWS::SecretsManager::RotationSchedule',
      'SecretId',
      resource.logicalId,
    );
    const schedule = schedules[0];
    const days = schedule
      ? asNumber(get(schedule.properties, 'RotationRules', 'AutomaticallyAfterDays'))
      : undefined;
    const scheduleRules = schedule ? get(schedule.properties, 'RotationRules') : undefined;
    return {
      ...baseFromCloudFormation(resource),
      ...(typeof name === 'string' ? { name } : {}),
      type: 'AWS::SecretsManager::Secret',
      rotationEnabled:
        scheduleRules instanceof Unknown
          ? new Unknown(`rotation rules of ${schedule!.logicalId} are set at deploy time`)
          : schedule !== undefined,
      ...(schedule ? { rotatedBy: schedule.logicalId } : {}),
      ...(days !== undefined ? { rotationIntervalDays: days } : {}),
    };
  },
});
