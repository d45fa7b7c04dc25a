import 'aws-sdk-client-mock-vitest/extend';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../../functions/adapters/aws/clients';
import { DynamoStore } from '../../../functions/adapters/aws/dynamo-store';
import type { Acknowledgement } from '../../../functions/ports/findings-store';

const doc = documentClient(new DynamoDBClient({ region: 'eu-west-1' }));
const ddb = mockClient(doc);
const store = new DynamoStore(doc, { tableName: 'findings', historyTtlDays: 30 });
const now = new Date('2026-11-18T10:00:00Z');
const resource = { type: 'AWS::::Account', id: '111122223333', accountId: '111122223333' };
const acknowledged: Acknowledgement = { by: 'sam.rivera', slackUserId: 'U04ABCD1234', at: now.toISOString() };

beforeEach(() => ddb.reset());

describe('DynamoStore: an acknowledged finding', () => {
  it('is resolved with who acknowledged it, in the same conditional update (only an open finding)', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: { data: { id: 'f1', status: 'resolved', acknowledged } } });
    // Act
    const resolved = await store.findings.acknowledge('f1', acknowledged, now);
    // Assess
    expect(resolved).toEqual({ id: 'f1', status: 'resolved', acknowledged });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'FINDING#f1', sk: 'FINDING' },
      ConditionExpression: '#status = :open',
      UpdateExpression: expect.stringContaining('#data.notice = :notice, #data.acknowledged = :ack,'),
      ExpressionAttributeValues: expect.objectContaining({
        ':ack': acknowledged,
        ':week': 'RESOLVED#2026-W47',
      }),
    });
  });

  it('a passed check stores no acknowledgement', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { data: { id: 'f1', status: 'resolved' } } });
    await store.findings.record([], [{ findingId: 'f1', ruleId: 'root-user-activity', resource }], now);
    const input = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input.UpdateExpression).not.toContain('acknowledged');
    expect(input.ExpressionAttributeValues).not.toHaveProperty(':ack');
  });

  it('a second acknowledgement of a resolved finding resolves nothing (the condition failed)', async () => {
    const before = { id: 'f1', status: 'resolved', acknowledged };
    ddb.on(UpdateCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: marshall({ data: before }),
      }),
    );
    expect(await store.findings.acknowledge('f1', acknowledged, now)).toBeUndefined();
  });
});
