import 'aws-sdk-client-mock-vitest/extend';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/aws/clients';
import { DynamoStore } from '../../functions/adapters/aws/dynamo-store';
import { FileStore } from '../../functions/adapters/local/file-store';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { storedFinding } from '../notifications/findings';
import { playVerdictCases } from '../support/config-verdict-cases';

const work = mkdtempSync(join(tmpdir(), 'compliance-bot-verdict-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("a Config verdict's pass on the local stores (DynamoDB over moto_server: moto.test.ts)", () => {
  it.each([
    ['MemoryStore', () => new MemoryStore()],
    ['FileStore', () => FileStore.open(join(work, 'state'))],
  ])('%s: resolves only a finding that is Config verdict', async (_, open) => {
    await playVerdictCases(open().findings, 'local');
  });
});

describe("DynamoStore: a Config verdict's pass (the conditional UpdateItem)", () => {
  const doc = documentClient(new DynamoDBClient({ region: 'eu-west-1' }));
  const ddb = mockClient(doc);
  const store = new DynamoStore(doc, { tableName: 'findings' });
  const now = new Date('2026-11-18T10:00:00Z');
  const own = storedFinding({ status: 'open' });
  const check = { findingId: own.id, ruleId: own.ruleId, resource: own.resource };
  beforeEach(() => ddb.reset());

  it("conditions the resolve on the stored finding being Config's verdict, in the same write (no read first)", async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: { data: { ...own, status: 'resolved' } } });
    // Act
    const out = await store.findings.record([], [{ ...check, configVerdict: true }], now);
    // Assess
    expect(out.resolved).toHaveLength(1);
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 0);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      ConditionExpression: '#status = :open AND #data.#evidence.#verdict = :verdict',
      ExpressionAttributeNames: expect.objectContaining({
        '#evidence': 'evidence',
        '#verdict': 'mappedFromConfigRule',
      }),
      ExpressionAttributeValues: expect.objectContaining({ ':verdict': true, ':open': 'open' }),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it("the bot's evidence stored (even a moment before): the failed condition's item comes back deferred", async () => {
    ddb.on(UpdateCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: marshall({ data: own }, { removeUndefinedValues: true }),
      }),
    );
    const out = await store.findings.record([], [{ ...check, configVerdict: true }], now);
    expect(out.resolved).toEqual([]);
    expect(out.deferred).toEqual([own]);
    expect(out.unchanged).toEqual([own]);
  });

  it("the bot's own pass keeps the plain condition (only an open finding)", async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { data: { ...own, status: 'resolved' } } });
    await store.findings.record([], [check], now);
    const input = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input.ConditionExpression).toBe('#status = :open');
    expect(input.ExpressionAttributeValues).not.toHaveProperty(':verdict');
  });
});
