import type { KmsKey } from '../../model/resources/kms-key';
import { type Maybe, Unknown } from '../../model/unknown';
import { supplementary } from '../config-item';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { asBoolean, asString } from '../values';

export default defineNormalizer<KmsKey>({
  resourceType: 'AWS::KMS::Key',

  // Field names: awslabs/aws-config-resource-schema AWS::KMS::Key.properties.json
  // (configuration.keyManager, keyState, keyUsage, origin, customerMasterKeySpec,
  // supplementaryConfiguration.KeyRotationStatus) and awslabs/aws-config-rdk example_ci/AWS_KMS_Key.json.
  fromConfigItem(item, source) {
    const c = item.configuration;
    const rotation = asBoolean(supplementary(item, 'KeyRotationStatus'));
    const deletionDate = c.deletionDate;
    // One object from the base, no spread: spreading a populated object is V8's slow path.
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::KMS::Key' as const,
      keyManager: keyManager(asString(c.keyManager)),
      keySpec:
        asString(c.keySpec) ?? asString(c.customerMasterKeySpec) ?? new Unknown('key spec not recorded'),
      keyUsage: asString(c.keyUsage) ?? 'ENCRYPT_DECRYPT',
      origin: asString(c.origin) ?? 'AWS_KMS',
      keyState: asString(c.keyState) ?? new Unknown('key state not recorded'),
      ...(typeof deletionDate === 'string' || typeof deletionDate === 'number'
        ? { deletionDate: new Date(deletionDate).toISOString() }
        : {}),
      rotationEnabled: rotation ?? new Unknown('the configuration item has no KeyRotationStatus'),
    });
  },

  // Property names and defaults: AWS::KMS::Key in the CloudFormation reference
  // (KeySpec default SYMMETRIC_DEFAULT, KeyUsage default ENCRYPT_DECRYPT, Origin default AWS_KMS,
  // EnableKeyRotation default false).
  fromCloudFormation(resource) {
    const p = resource.properties;
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::KMS::Key' as const,
      keyManager: 'CUSTOMER' as const,
      keySpec: asString(p.KeySpec) ?? 'SYMMETRIC_DEFAULT',
      keyUsage: asString(p.KeyUsage) ?? 'ENCRYPT_DECRYPT',
      origin: asString(p.Origin) ?? 'AWS_KMS',
      keyState: undefined,
      rotationEnabled: asBoolean(p.EnableKeyRotation) ?? false,
    });
  },
});

function keyManager(value: Maybe<string> | undefined): KmsKey['keyManager'] {
  if (value instanceof Unknown) return value;
  if (value === 'AWS' || value === 'CUSTOMER') return value;
  return new Unknown('key manager not recorded');
}
