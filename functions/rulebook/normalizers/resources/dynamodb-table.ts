import type { DynamoDbEncryption, DynamoDbTable } from '../../model/resources/dynamodb-table';
import { Unknown } from '../../model/unknown';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { getAnyCase, referenceAsText } from '../storage-values';
import { asBoolean, asRecord, asString, get } from '../values';

const AWS_OWNED: DynamoDbEncryption = { keyType: 'AWS_OWNED' };

export default defineNormalizer<DynamoDbTable>({
  resourceType: 'AWS::DynamoDB::Table',

  // Field names: awslabs/aws-config-resource-schema AWS::DynamoDB::Table.properties.json
  // (configuration.ssedescription.{status,ssetype,kmsmasterKeyArn},
  // supplementaryConfiguration.ContinuousBackupsDescription.pointInTimeRecoveryDescription.pointInTimeRecoveryStatus).
  // A table encrypted with the AWS owned key has no SSE description (DescribeTable omits it).
  fromConfigItem(item, source) {
    const sse = asRecord(getAnyCase(item.configuration, 'sseDescription'));
    const status = asString(getAnyCase(sse, 'status'));
    const pitr = asString(
      get(
        item.supplementaryConfiguration,
        'ContinuousBackupsDescription',
        'pointInTimeRecoveryDescription',
        'pointInTimeRecoveryStatus',
      ),
    );
    let encryption: DynamoDbTable['encryption'];
    if (sse instanceof Unknown) encryption = sse;
    else if (sse === undefined || status === 'DISABLED' || status === 'DISABLING') encryption = AWS_OWNED;
    else {
      const key = asString(getAnyCase(sse, 'kmsMasterKeyArn'));
      encryption = { keyType: 'KMS', ...(key !== undefined ? { kmsKeyId: key } : {}) };
    }
    return {
      ...baseFromConfigItem(item, source),
      type: 'AWS::DynamoDB::Table',
      encryption,
      pointInTimeRecovery:
        pitr instanceof Unknown
          ? pitr
          : pitr === undefined
            ? new Unknown('the configuration item has no ContinuousBackupsDescription')
            : pitr === 'ENABLED',
    };
  },

  // Property names: AWS::DynamoDB::Table SSESpecification {SSEEnabled, SSEType, KMSMasterKeyId} and
  // PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled (both off by default).
  fromCloudFormation(resource) {
    const p = resource.properties;
    const sse = asRecord(p.SSESpecification);
    const enabled = sse instanceof Unknown ? sse : asBoolean(get(sse, 'SSEEnabled'));
    let encryption: DynamoDbTable['encryption'];
    if (enabled instanceof Unknown) encryption = enabled;
    else if (enabled !== true) encryption = AWS_OWNED;
    else {
      const key = referenceAsText(asString(get(sse, 'KMSMasterKeyId')));
      encryption = { keyType: 'KMS', ...(key !== undefined ? { kmsKeyId: key } : {}) };
    }
    return {
      ...baseFromCloudFormation(resource),
      type: 'AWS::DynamoDB::Table',
      encryption,
      pointInTimeRecovery:
        asBoolean(get(p, 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled')) ?? false,
    };
  },
});
