import type { DynamoDbEncryption, DynamoDbTable } from '../../model/resources/dynamodb-table';
import { Unknown } from '../../model/unknown';
import { supplementary } from '../config-item';
import { baseFromCloudFormation, baseFromConfigItem, defineNormalizer } from '../normalizer';
import { referenceAsText, spelled } from '../storage-values';
import { asBoolean, asRecord, asString, get } from '../values';

/** DescribeTable `SSEDescription` as the schema (`ssedescription`) and the SDKs spell it. */
const SSE_DESCRIPTION = ['ssedescription', 'sseDescription', 'sSEDescription', 'SSEDescription'] as const;
const STATUS = ['status', 'Status'] as const;
const KMS_KEY_ARN = ['kmsmasterKeyArn', 'kmsMasterKeyArn', 'kMSMasterKeyArn', 'KMSMasterKeyArn'] as const;

const AWS_OWNED: DynamoDbEncryption = { keyType: 'AWS_OWNED' };

export default defineNormalizer<DynamoDbTable>({
  resourceType: 'AWS::DynamoDB::Table',

  // Field names: awslabs/aws-config-resource-schema AWS::DynamoDB::Table.properties.json
  // (configuration.ssedescription.{status,ssetype,kmsmasterKeyArn},
  // supplementaryConfiguration.ContinuousBackupsDescription.pointInTimeRecoveryDescription.pointInTimeRecoveryStatus).
  // A table encrypted with the AWS owned key has no SSE description (DescribeTable omits it).
  fromConfigItem(item, source) {
    const sse = asRecord(spelled(item.configuration, SSE_DESCRIPTION));
    const status = asString(spelled(sse, STATUS));
    const pitr = asString(
      get(
        supplementary(item, 'ContinuousBackupsDescription'),
        'pointInTimeRecoveryDescription',
        'pointInTimeRecoveryStatus',
      ),
    );
    let encryption: DynamoDbTable['encryption'];
    if (sse instanceof Unknown) encryption = sse;
    else if (sse === undefined || status === 'DISABLED' || status === 'DISABLING') encryption = AWS_OWNED;
    else {
      const key = asString(spelled(sse, KMS_KEY_ARN));
      encryption = { keyType: 'KMS', ...(key !== undefined ? { kmsKeyId: key } : {}) };
    }
    // One object from the base, no spread: spreading a populated object is V8's slow path.
    return Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::DynamoDB::Table' as const,
      encryption,
      pointInTimeRecovery:
        pitr instanceof Unknown
          ? pitr
          : pitr === undefined
            ? new Unknown('the configuration item has no ContinuousBackupsDescription')
            : pitr === 'ENABLED',
    });
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
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::DynamoDB::Table' as const,
      encryption,
      pointInTimeRecovery:
        asBoolean(get(p, 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled')) ?? false,
    });
  },
});
