import type { SecretsManagerSecret } from '../../model/resources/secretsmanager-secret';
import { Unknown } from '../../model/unknown';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { spelled } from '../storage-values';
import { asBoolean, asNumber, asString, get } from '../values';

/** DescribeSecret names (schema), and the camel-case spelling of other SDK models. */
const ROTATION_ENABLED = ['RotationEnabled', 'rotationEnabled'] as const;
const ROTATION_LAMBDA = ['RotationLambdaARN', 'rotationLambdaARN', 'rotationLambdaArn'] as const;
const ROTATION_RULES = ['RotationRules', 'rotationRules'] as const;
const AFTER_DAYS = ['AutomaticallyAfterDays', 'automaticallyAfterDays'] as const;
const NAME = ['Name', 'name'] as const;

export default defineNormalizer<SecretsManagerSecret>({
  resourceType: 'AWS::SecretsManager::Secret',
  // Read into this model from the template (see fromCloudFormation), so not listed as unchecked.
  readsTypes: ['AWS::SecretsManager::RotationSchedule'],

  // Field names: awslabs/aws-config-resource-schema AWS::SecretsManager::Secret.properties.json
  // (configuration.RotationEnabled, RotationLambdaARN, RotationRules.AutomaticallyAfterDays).
  fromConfigItem(item, source) {
    const c = item.configuration;
    const enabled = asBoolean(spelled(c, ROTATION_ENABLED));
    const lambda = asString(spelled(c, ROTATION_LAMBDA));
    const days = asNumber(spelled(spelled(c, ROTATION_RULES), AFTER_DAYS));
    const name = asString(spelled(c, NAME));
    // One object from the base, no spread: spreading a populated object is V8's slow path.
    return Object.assign(baseFromConfigItem(item, source), {
      ...(typeof name === 'string' && !item.resourceName ? { name } : {}),
      type: 'AWS::SecretsManager::Secret' as const,
      // DescribeSecret omits RotationEnabled for secrets that never had rotation configured.
      rotationEnabled: enabled ?? false,
      ...(typeof lambda === 'string' ? { rotatedBy: lambda } : {}),
      ...(days !== undefined ? { rotationIntervalDays: days } : {}),
    });
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
    return Object.assign(baseFromCloudFormation(resource), {
      ...(typeof name === 'string' ? { name } : {}),
      type: 'AWS::SecretsManager::Secret' as const,
      rotationEnabled:
        scheduleRules instanceof Unknown
          ? new Unknown(`rotation rules of ${schedule!.logicalId} are set at deploy time`)
          : schedule !== undefined,
      ...(schedule ? { rotatedBy: schedule.logicalId } : {}),
      ...(days !== undefined ? { rotationIntervalDays: days } : {}),
    });
  },
});
