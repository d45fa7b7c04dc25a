import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Env, required } from '../../shared/env';
import { DynamoStore } from './dynamo-store';

/** The document client every table adapter uses: undefined attributes dropped, class instances as maps. */
export function documentClient(client = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  });
}

export function dynamoStore(e: Env, client?: DynamoDBClient): DynamoStore {
  return new DynamoStore(documentClient(client), {
    tableName: required(e, 'TABLE_NAME'),
    historyTtlDays: e.HISTORY_TTL_DAYS,
  });
}
