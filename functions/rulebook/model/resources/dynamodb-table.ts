import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

/**
 * How a table is encrypted at rest. DynamoDB always encrypts: with an AWS owned key (the default,
 * invisible to the customer), the AWS managed key `aws/dynamodb`, or a customer managed key.
 */
export interface DynamoDbEncryption {
  keyType: 'AWS_OWNED' | 'KMS';
  /** The KMS key (ARN, id or alias) when one is named; `undefined` means the AWS managed key. */
  kmsKeyId?: Maybe<string>;
}

export interface DynamoDbTable extends ResourceBase {
  type: 'AWS::DynamoDB::Table';
  encryption: Maybe<DynamoDbEncryption>;
  pointInTimeRecovery: Maybe<boolean>;
}
