import 'aws-sdk-client-mock-vitest/extend';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../../functions/adapters/aws/clients';
import { DynamoStore } from '../../../functions/adapters/aws/dynamo-store';
import { MemoryStore } from '../../../functions/adapters/local/memory-store';
import type { StoredFinding } from '../../../functions/ports/findings-store';
import type { Finding } from '../../../functions/rulebook/model/finding';
import { TransientError } from '../../../functions/shared/errors';
import { fingerprintOf } from '../../../functions/shared/fingerprint';
import { MAX_PAST_OPENINGS } from '../../../functions/shared/open-spans';
import { isoWeek } from '../../../functions/shared/week';
import {
  expectReported,
  indexedCases,
  type PastWeekReport,
  playPastWeekCases,
  reportedStandings,
} from '../../support/past-week-cases';

const doc = documentClient(new DynamoDBClient({ region: 'eu-west-1' }));
const ddb = mockClient(doc);
const store = new DynamoStore(doc, { tableName: 'findings', historyTtlDays: 30 });
const now = new Date('2026-11-18T10:00:00Z');

const finding: Finding = {
  id: 'f1',
  ruleId: 's3-bucket-blocks-public-access',
  title: 'S3 buckets block public access',
  pillar: 'security',
  severity: 'high',
  resource: { type: 'AWS::S3::Bucket', id: 'b1', accountId: '111122223333', region: 'eu-west-1' },
  message: 'Block Public Access is off',
  evidence: { settingsOff: ['blockPublicAcls'] },
  rationale: 'r',
  recommendation: 'fix it',
  expectedImpact: 'e',
  source: 'config',
  seed: { seed: '001', section: 'S3' },
  references: {},
  observedAt: now.toISOString(),
};

/** `finding` as the table holds it, open since `at` (an item written before `peakSeverity` existed). */
const openSince = (at: string) => ({
  ...finding,
  status: 'open',
  firstSeenAt: at,
  lastSeenAt: at,
  fingerprint: fingerprintOf(finding),
});

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

beforeEach(() => ddb.reset());

describe('DynamoStore findings (single table, conditional writes)', () => {
  it('records a new finding with attribute_not_exists and the open-findings index keys', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    const outcome = await store.findings.record([finding], [], now);
    expect(outcome.opened.map((f) => f.id)).toEqual(['f1']);
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: 'findings',
      Key: { pk: 'FINDING#f1', sk: 'FINDING' },
      ConsistentRead: true,
    });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'findings',
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: expect.objectContaining({
        pk: 'FINDING#f1',
        sk: 'FINDING',
        status: 'open',
        version: 1,
        gsi1pk: 'OPEN',
        gsi1sk: '111122223333#f1',
        fingerprint: fingerprintOf(finding),
      }),
    });
  });

  it('recording the same evaluation again is unchanged (version-conditioned write)', async () => {
    ddb.on(GetCommand).resolves({ Item: { data: openSince('2026-11-01T00:00:00Z'), version: 3 } });
    ddb.on(PutCommand).resolves({});
    const outcome = await store.findings.record([finding], [], now);
    expect(outcome.unchanged.map((f) => f.id)).toEqual(['f1']);
    expect(outcome.unchanged[0]!.firstSeenAt).toBe('2026-11-01T00:00:00Z');
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      ConditionExpression: 'version = :read',
      ExpressionAttributeValues: { ':read': 3 },
      Item: expect.objectContaining({ version: 4 }),
    });
  });

  it.each([
    ['seen an hour ago: not rewritten', '2026-11-18T09:00:00Z', 0],
    ['seen a day ago: rewritten, to refresh lastSeenAt', '2026-11-17T10:00:00Z', 1],
  ])('an open finding seen again unchanged, %s', async (_, lastSeenAt, puts) => {
    const item = { ...openSince('2026-11-01T00:00:00Z'), lastSeenAt, peakSeverity: 'high' };
    ddb.on(GetCommand).resolves({ Item: { data: item, version: 3 } });
    ddb.on(PutCommand).resolves({});
    const outcome = await store.findings.record([finding], [], now);
    expect(outcome.unchanged.map((f) => f.id)).toEqual(['f1']);
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, puts);
    // The in-memory store (npm start) keeps the same lastSeenAt.
    const memory = new MemoryStore();
    await memory.findings.record([finding], [], new Date(lastSeenAt));
    await memory.findings.record([finding], [], now);
    expect((await memory.findings.get('f1'))?.lastSeenAt).toBe(
      puts ? now.toISOString() : new Date(lastSeenAt).toISOString(),
    );
  });

  it('keeps the peak severity since the finding opened on the item (older items: their severity)', async () => {
    // An item written before peakSeverity existed, open as high; the same finding now reads low.
    ddb.on(GetCommand).resolves({ Item: { data: openSince('2026-11-01T00:00:00Z'), version: 3 } });
    ddb.on(PutCommand).resolves({});
    const outcome = await store.findings.record([{ ...finding, severity: 'low' }], [], now);
    expect(outcome.changed[0]).toMatchObject({ severity: 'low', peakSeverity: 'high' });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        data: expect.objectContaining({ severity: 'low', peakSeverity: 'high' }),
      }),
    });
  });

  it('a lost race re-reads and recomputes: the concurrent duplicate becomes unchanged', async () => {
    const stored = {
      ...finding,
      status: 'open',
      firstSeenAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      fingerprint: fingerprintOf(finding),
    };
    ddb
      .on(GetCommand)
      .resolvesOnce({})
      .resolves({ Item: { data: stored, version: 1 } });
    ddb.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    const outcome = await store.findings.record([finding], [], now);
    expect(outcome.opened).toEqual([]);
    expect(outcome.unchanged.map((f) => f.id)).toEqual(['f1']);
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 2);
  });

  it('a passed check resolves only an open finding (condition on status)', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { data: { ...finding, status: 'resolved' } } });
    const outcome = await store.findings.record(
      [],
      [{ findingId: 'f1', ruleId: finding.ruleId, resource: finding.resource }],
      now,
    );
    expect(outcome.resolved).toHaveLength(1);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'FINDING#f1', sk: 'FINDING' },
      ConditionExpression: '#status = :open',
      ExpressionAttributeValues: expect.objectContaining({ ':week': 'RESOLVED#2026-W47' }),
    });
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const again = await store.findings.record(
      [],
      [{ findingId: 'f1', ruleId: finding.ruleId, resource: finding.resource }],
      now,
    );
    expect(again.resolved).toEqual([]);
  });

  it('the Slack thread and the latest approval requested are set on an existing finding only, bumping its version', async () => {
    ddb.on(UpdateCommand).resolves({});
    await store.findings.setLatestApproval('f1', { approvalId: 'apr_2', requestedAt: now.toISOString() });
    await store.findings.setSlackThread('f1', { channel: 'C1', ts: '1.2' });
    for (const [field, value] of [
      ['latestApproval', { approvalId: 'apr_2', requestedAt: now.toISOString() }],
      ['slack', { channel: 'C1', ts: '1.2' }],
    ] as const) {
      expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
        Key: { pk: 'FINDING#f1', sk: 'FINDING' },
        ConditionExpression: 'attribute_exists(pk)',
        UpdateExpression: 'SET #data.#field = :value, version = if_not_exists(version, :zero) + :one',
        ExpressionAttributeNames: { '#data': 'data', '#field': field },
        ExpressionAttributeValues: { ':value': value, ':zero': 0, ':one': 1 },
      });
    }
    ddb.on(UpdateCommand).rejects(conditionFailed()); // no such finding
    await expect(
      store.findings.setLatestApproval('gone', { approvalId: 'apr_2', requestedAt: now.toISOString() }),
    ).resolves.toBeUndefined();
  });

  it('open findings of one account: Query on gsi1, paginated, never a scan', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [{ data: { ...finding, firstSeenAt: now.toISOString() } }],
        LastEvaluatedKey: { pk: 'x' },
      })
      .resolvesOnce({ Items: [{ data: { ...finding, id: 'f2', firstSeenAt: now.toISOString() } }] });
    const ids: string[] = [];
    for await (const f of store.findings.query({ status: 'open', accountId: '111122223333' })) ids.push(f.id);
    expect(ids).toEqual(['f1', 'f2']);
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 2);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :account)',
      ExpressionAttributeValues: { ':pk': 'OPEN', ':account': '111122223333#' },
    });
  });

  it('throttling becomes a TransientError (the state machine retries it)', async () => {
    ddb
      .on(GetCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' }));
    await expect(store.findings.record([finding], [], now)).rejects.toBeInstanceOf(TransientError);
  });
});

describe("DynamoStore: a finding's open spans on its item, and a past week's report from the indexes", () => {
  it('reopening puts the item with the span it closes in data.pastOpenings (bounded) and without gsi2 keys', async () => {
    // Prepare: resolved on 2026-11-17, after 64 earlier spans (the bound), 10 minutes apart but for one.
    const past = Array.from({ length: MAX_PAST_OPENINGS }, (_, k) => ({
      openedAt: new Date(Date.parse('2026-10-01T00:00:00.000Z') + k * 3_600_000).toISOString(),
      resolvedAt: new Date(Date.parse('2026-10-01T00:50:00.000Z') + k * 3_600_000).toISOString(),
    }));
    past[40]!.resolvedAt = '2026-10-02T16:55:00.000Z'; // 5 minutes before span 41 opens: the shortest gap
    const resolved = Object.assign(openSince('2026-09-01T00:00:00.000Z'), {
      status: 'resolved',
      openedAt: '2026-11-10T00:00:00.000Z',
      resolvedAt: '2026-11-17T00:00:00.000Z',
      pastOpenings: past,
    });
    ddb.on(GetCommand).resolves({ Item: { data: resolved, version: 7 } });
    ddb.on(PutCommand).resolves({});

    // Act
    const outcome = await store.findings.record([finding], [], now);

    // Assess
    expect(outcome.opened[0]).toMatchObject({
      openedAt: now.toISOString(),
      firstSeenAt: resolved.firstSeenAt,
    });
    const item = ddb.commandCalls(PutCommand)[0]!.args[0].input.Item!;
    expect(item).toMatchObject({ gsi1pk: 'OPEN', version: 8 });
    expect(item).not.toHaveProperty('gsi2pk');
    const spans = item.data.pastOpenings as typeof past;
    expect(spans).toHaveLength(MAX_PAST_OPENINGS);
    expect(spans.at(-1)).toEqual({
      openedAt: '2026-11-10T00:00:00.000Z',
      resolvedAt: '2026-11-17T00:00:00.000Z',
    });
    // Spans 40 and 41 (the shortest gap) merged; the others are kept as they were.
    expect(spans[40]).toEqual({ openedAt: past[40]!.openedAt, resolvedAt: past[41]!.resolvedAt });
    expect(spans.slice(0, 40)).toEqual(past.slice(0, 40));
    expect(spans.slice(41, -1)).toEqual(past.slice(42));
    // The notification leaves them out (a Step Functions state); the item keeps them.
    expect(JSON.stringify(spans).length).toBeLessThan(6 * 1024);
  });

  describe("a past week's report: Query gsi1 (open) and gsi2 per week since the week began, never a scan", () => {
    // The table's content after every case's life (the same transitions as DynamoStore's, played in
    // the memory store), served by a Query fake that honours the adapter's index keys.
    const memory = new MemoryStore();
    let report: PastWeekReport;
    let queries: QueryCommandInput[];
    beforeAll(async () => {
      // Prepare
      await playPastWeekCases(memory.findings, finding);
      const items: StoredFinding[] = [];
      for await (const f of memory.findings.query({})) items.push(f);
      ddb.reset();
      ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => {
        const values = input.ExpressionAttributeValues!;
        if (input.IndexName === 'gsi1')
          return { Items: items.filter((f) => f.status === 'open').map((data) => ({ data })) };
        if (values[':pk'] === 'SCORE') return { Items: [] };
        if (input.IndexName !== 'gsi2') throw new Error(`unexpected query ${JSON.stringify(input)}`);
        return {
          Items: items
            .filter((f) => f.status === 'resolved')
            .filter((f) => `RESOLVED#${isoWeek(new Date(f.resolvedAt!))}` === values[':pk'])
            .filter(
              (f) =>
                `${f.resolvedAt}#${f.id}` >= values[':from'] && `${f.resolvedAt}#${f.id}` <= values[':to'],
            )
            .map((data) => ({ data })),
        };
      });
      // Act
      report = await reportedStandings(store.findings, store.history);
      queries = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    });

    it.each(indexedCases())('$name: $expected', (c) => expectReported(report, c));

    it('queries the open index once and the resolved index for each week from W47 to now (W49)', () => {
      expect(queries.filter((q) => q.IndexName === 'gsi1')).toHaveLength(1);
      expect(
        queries.filter((q) => q.IndexName === 'gsi2').map((q) => q.ExpressionAttributeValues![':pk']),
      ).toEqual(['RESOLVED#2026-W47', 'RESOLVED#2026-W48', 'RESOLVED#2026-W49']);
      // Score history is the only other query (pk = SCORE).
      expect(queries.filter((q) => !q.IndexName).map((q) => q.ExpressionAttributeValues![':pk'])).toEqual([
        'SCORE',
      ]);
    });
  });
});

describe('DynamoStore notices and delivery records (nothing is lost, nothing is sent twice)', () => {
  /**
   * One conditional update sets either flag of the f1 notice opened at `now` (`#flag`: delivered, or
   * remediation started), only while it is still that notice, and bumps the version.
   */
  const expectNoticeFlagSet = (flag: 'delivered' | 'remediationStarted') =>
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'FINDING#f1', sk: 'FINDING' },
      ConditionExpression: '#data.#notice.#kind = :kind AND #data.#notice.#at = :at',
      UpdateExpression: 'SET #data.#notice.#flag = :yes, version = version + :one',
      ExpressionAttributeNames: expect.objectContaining({ '#flag': flag }),
      ExpressionAttributeValues: { ':kind': 'opened', ':at': now.toISOString(), ':yes': true, ':one': 1 },
    });

  it('a new finding carries an undelivered notice; Notify marks it delivered only if it is still that notice', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    const [recorded] = (await store.findings.record([finding], [], now)).opened;
    expect(recorded!.notice).toEqual({ kind: 'opened', at: now.toISOString() });

    ddb.on(UpdateCommand).resolves({});
    await store.findings.markNotified('f1', recorded!.notice!);
    expectNoticeFlagSet('delivered');
    ddb.on(UpdateCommand).rejects(conditionFailed()); // the finding changed meanwhile: not this notice
    await expect(store.findings.markNotified('f1', recorded!.notice!)).resolves.toBeUndefined();
  });

  it("Plan marks the notice's remediation started with the same condition, bumping the version", async () => {
    const notice = { kind: 'opened' as const, at: now.toISOString() };
    ddb.on(UpdateCommand).resolves({});
    await store.findings.markRemediationStarted('f1', notice);
    expectNoticeFlagSet('remediationStarted');
    ddb.on(UpdateCommand).rejects(conditionFailed()); // another notice by now, or no such finding
    await expect(store.findings.markRemediationStarted('f1', notice)).resolves.toBeUndefined();
  });

  it('recording an unchanged finding keeps its notice, delivered or not', async () => {
    const notice = { kind: 'opened', at: '2026-11-01T00:00:00.000Z' };
    const stored = {
      ...finding,
      status: 'open',
      firstSeenAt: notice.at,
      lastSeenAt: notice.at,
      fingerprint: fingerprintOf(finding),
      notice,
    };
    ddb.on(GetCommand).resolves({ Item: { data: stored, version: 2 } });
    ddb.on(PutCommand).resolves({});
    const outcome = await store.findings.record([finding], [], now);
    expect(outcome.unchanged[0]!.notice).toEqual(notice);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ data: expect.objectContaining({ notice }) }),
    });
  });

  it('a resolution is due its own notice', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { data: { ...finding, status: 'resolved' } } });
    await store.findings.record(
      [],
      [{ findingId: 'f1', ruleId: finding.ruleId, resource: finding.resource }],
      now,
    );
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      UpdateExpression: expect.stringContaining('#data.notice = :notice'),
      ExpressionAttributeValues: expect.objectContaining({
        ':notice': { kind: 'resolved', at: now.toISOString() },
      }),
    });
  });

  it('a passed check of a finding resolved before returns it unchanged (the item the failed condition returns), so its undelivered notice can be owed', async () => {
    // Prepare: the finding was resolved an hour ago; that resolution's notification never went out
    const notice = { kind: 'resolved', at: '2026-11-18T09:00:00.000Z' };
    const resolved = {
      ...openSince('2026-11-01T00:00:00Z'),
      status: 'resolved',
      resolvedAt: notice.at,
      notice,
    };
    ddb.on(UpdateCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: marshall({ pk: 'FINDING#f1', sk: 'FINDING', status: 'resolved', version: 3, data: resolved }),
      }),
    );
    const passed = [{ findingId: 'f1', ruleId: finding.ruleId, resource: finding.resource }];

    // Act
    const outcome = await store.findings.record([], passed, now);

    // Assess
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      ConditionExpression: '#status = :open',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(outcome.resolved).toEqual([]);
    expect(outcome.unchanged).toEqual([resolved]);

    // Act and Assess: no finding at all (no item returned): nothing
    ddb.on(UpdateCommand).rejects(conditionFailed());
    expect(await store.findings.record([], passed, now)).toEqual({
      opened: [],
      changed: [],
      unchanged: [],
      resolved: [],
    });
  });

  it('a delivery is recorded once per channel and key (conditional put, TTL), and read back in one Query', async () => {
    ddb.on(PutCommand).resolves({});
    await store.deliveries.record('sns', 'f1|fp|opened||t1', now);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'findings',
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: 'DELIVERY#f1|fp|opened||t1',
        sk: 'sns',
        deliveredAt: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + 30 * 86_400,
      },
    });
    ddb.on(PutCommand).rejects(conditionFailed()); // recorded already: a no-op, not an error
    await expect(store.deliveries.record('sns', 'f1|fp|opened||t1', now)).resolves.toBeUndefined();

    ddb.on(QueryCommand).resolves({ Items: [{ pk: 'DELIVERY#f1|fp|opened||t1', sk: 'sns' }] });
    expect(await store.deliveries.delivered('f1|fp|opened||t1')).toEqual(new Set(['sns']));
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'DELIVERY#f1|fp|opened||t1' },
      ConsistentRead: true,
    });
  });

  it('a throttled delivery record is a TransientError (the state machine retries it)', async () => {
    ddb
      .on(PutCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' }));
    await expect(store.deliveries.record('slack', 'k', now)).rejects.toBeInstanceOf(TransientError);
  });
});

describe('DynamoStore approvals, audit, suppressions, score history', () => {
  const approval = {
    approvalId: 'a1',
    findingId: 'f1',
    remediationId: 'r1',
    plan: {},
    taskToken: 'token',
    severity: 'high',
    requestedAt: now.toISOString(),
    expiresAt: '2026-11-19T10:00:00.000Z',
  };
  /** The approval as the table returns it (TTL number, ISO copy), with a decision. */
  const decidedItem = (decision: string, decidedBy: string) => ({
    Attributes: {
      pk: 'APPROVAL#a1',
      sk: 'APPROVAL',
      ...approval,
      expiresAt: 1,
      expiresAtIso: approval.expiresAt,
      decision,
      decidedBy,
    },
  });

  it('claims an execution once, only while approved (conditional UpdateItem on APPROVAL#<id>)', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolvesOnce(decidedItem('approved', 'U1')).rejects(conditionFailed());
    // Act
    const first = await store.approvals.claimExecution('a1', now);
    const second = await store.approvals.claimExecution('a1', now);
    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      TableName: 'findings',
      Key: { pk: 'APPROVAL#a1', sk: 'APPROVAL' },
      ConditionExpression: 'decision = :approved AND attribute_not_exists(executedAt)',
      UpdateExpression: 'SET executedAt = :at',
      ExpressionAttributeValues: { ':approved': 'approved', ':at': now.toISOString() },
    });
  });

  it('records the outcome once, after a claim, JSON-safe (SDK Dates as strings)', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    await store.approvals.recordExecution('a1', {
      outcome: 'ok',
      executedAt: now.toISOString(),
      results: [{ operation: 'CreateSnapshot', output: { StartTime: now } }],
    }); // a second record (condition failed) is a no-op
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'APPROVAL#a1', sk: 'APPROVAL' },
      ConditionExpression: 'attribute_exists(executedAt) AND attribute_not_exists(execution)',
      UpdateExpression: 'SET execution = :e',
      ExpressionAttributeValues: {
        ':e': {
          outcome: 'ok',
          executedAt: now.toISOString(),
          results: [{ operation: 'CreateSnapshot', output: { StartTime: now.toISOString() } }],
        },
      },
    });
  });

  it('stores an approval with a TTL, never overwriting a decided one', async () => {
    ddb.on(PutCommand).resolves({});
    await store.approvals.put(approval);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      ConditionExpression: 'attribute_not_exists(decision)',
      Item: expect.objectContaining({
        pk: 'APPROVAL#a1',
        expiresAtIso: approval.expiresAt,
        expiresAt: Math.floor(Date.parse(approval.expiresAt) / 1000) + 30 * 86_400,
      }),
    });
  });

  it('decides once: a second decision is a no-op', async () => {
    ddb.on(UpdateCommand).resolvesOnce(decidedItem('approved', 'U1'));
    const first = await store.approvals.decide('a1', 'approved', 'U1', now);
    expect(first).toMatchObject({ approvalId: 'a1', decision: 'approved', expiresAt: approval.expiresAt });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(decision)',
    });
    ddb.on(UpdateCommand).rejects(conditionFailed());
    expect(await store.approvals.decide('a1', 'rejected', 'U2', now)).toBeUndefined();
  });

  it('undo removes the decision only while it is still the one that click stored (conditional REMOVE)', async () => {
    const decided = { decision: 'approved' as const, decidedBy: 'U1', decidedAt: now.toISOString() };
    ddb.on(UpdateCommand).resolvesOnce({});
    expect(await store.approvals.undo('a1', decided)).toBe(true);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      TableName: 'findings',
      Key: { pk: 'APPROVAL#a1', sk: 'APPROVAL' },
      ConditionExpression: 'decision = :d AND decidedBy = :by AND decidedAt = :at',
      UpdateExpression: 'REMOVE decision, decidedBy, decidedAt',
      ExpressionAttributeValues: { ':d': 'approved', ':by': 'U1', ':at': now.toISOString() },
    });
    ddb.on(UpdateCommand).rejects(conditionFailed());
    expect(await store.approvals.undo('a1', decided)).toBe(false);
  });

  it("replaceDecision turns this click's decision into expired, conditionally", async () => {
    const decided = { decision: 'approved' as const, decidedBy: 'U1', decidedAt: now.toISOString() };
    const later = new Date('2026-11-18T10:00:01Z');
    ddb.on(UpdateCommand).resolvesOnce(decidedItem('expired', 'system'));
    expect(await store.approvals.replaceDecision('a1', decided, 'expired', 'system', later)).toMatchObject({
      approvalId: 'a1',
      decision: 'expired',
      expiresAt: approval.expiresAt,
    });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      ConditionExpression: 'decision = :d AND decidedBy = :by AND decidedAt = :at',
      UpdateExpression: 'SET decision = :next, decidedBy = :nextBy, decidedAt = :nextAt',
      ExpressionAttributeValues: {
        ':d': 'approved',
        ':by': 'U1',
        ':at': now.toISOString(),
        ':next': 'expired',
        ':nextBy': 'system',
        ':nextAt': later.toISOString(),
      },
      ReturnValues: 'ALL_NEW',
    });
    ddb.on(UpdateCommand).rejects(conditionFailed());
    expect(await store.approvals.replaceDecision('a1', decided, 'expired', 'system', later)).toBeUndefined();
  });

  it('audit records go to day partitions with a TTL; score snapshots are queried newest first', async () => {
    ddb.on(PutCommand).resolves({});
    await store.audit.append({ at: now.toISOString(), actor: 'U1', action: 'approved', findingId: 'f1' });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        pk: 'AUDIT#2026-11-18',
        action: 'approved',
        expiresAt: expect.any(Number),
      }),
    });
    ddb.on(QueryCommand).resolves({ Items: [{ snapshot: { week: '2026-W46' } }] });
    expect(await store.history.latest(4, '2026-W47')).toEqual([{ week: '2026-W46' }]);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      KeyConditionExpression: 'pk = :pk AND sk < :week',
      ScanIndexForward: false,
      Limit: 4,
    });
  });
});
