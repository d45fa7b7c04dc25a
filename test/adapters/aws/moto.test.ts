/**
 * The DynamoDB, SNS, S3, Step Functions and Organizations adapters over real HTTP against moto_server
 * (started here on a free loopback port, stopped after). Without moto_server the suite is skipped
 * with a loud notice, except with CI=true, where its absence fails.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../../functions/adapters/aws/clients';
import { DynamoStore } from '../../../functions/adapters/aws/dynamo-store';
import { OrganizationsAccountDirectory } from '../../../functions/adapters/aws/organizations-directory';
import { S3ReportStore } from '../../../functions/adapters/aws/s3-report-store';
import { StepFunctionsCallbacks } from '../../../functions/adapters/aws/sfn-callbacks';
import { SnsNotifier } from '../../../functions/adapters/aws/sns-notifier';
import { TABLE_SCHEMA } from '../../../functions/adapters/aws/table-schema';
import { LOCAL_SUBSTITUTIONS } from '../../../functions/local/definitions';
import type { StoredFinding } from '../../../functions/ports/findings-store';
import type { Finding } from '../../../functions/rulebook/model/finding';
import { MAX_PAST_OPENINGS } from '../../../functions/shared/open-spans';
import { fillPlaceholders } from '../../../statemachines/placeholders';
import { pendingClaimContract } from '../../approvals/pending-claim-contract';
import { playVerdictCases } from '../../support/config-verdict-cases';
import { MotoServer, motoAvailable } from '../../support/moto-server';
import {
  caseFinding,
  expectReported,
  indexedCases,
  type PastWeekReport,
  playPastWeekCases,
  reportedStandings,
} from '../../support/past-week-cases';

const available = motoAvailable('the AWS adapter tests over real HTTP');

const region = 'us-east-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const moto = new MotoServer();
const cfg = () => ({ region, credentials, endpoint: moto.endpoint });

const now = new Date('2026-11-18T10:00:00Z');
const finding: Finding = {
  id: 'f-moto-1',
  ruleId: 's3-bucket-blocks-public-access',
  title: 'S3 buckets block public access',
  pillar: 'security',
  severity: 'high',
  resource: { type: 'AWS::S3::Bucket', id: 'b1', accountId: '111122223333', region: 'eu-west-1' },
  message: 'Block Public Access is off',
  evidence: { settingsOff: ['blockPublicAcls'] },
  rationale: 'r',
  recommendation: 'Turn it on',
  expectedImpact: 'e',
  source: 'config',
  seed: { seed: '001', section: 'S3' },
  references: {},
  observedAt: now.toISOString(),
};

/** `doc`, running `before` once just ahead of the first command named `commandName` (an interleaving). */
function interleaved(
  doc: ReturnType<typeof documentClient>,
  commandName: string,
  before: () => Promise<unknown>,
) {
  const state = { done: false };
  const proxy = new Proxy(doc, {
    get(target, key, receiver) {
      if (key !== 'send') return Reflect.get(target, key, receiver);
      return async (command: { constructor: { name: string } }) => {
        if (!state.done && command.constructor.name === commandName) {
          state.done = true;
          await before();
        }
        return target.send(command as never);
      };
    },
  });
  return { proxy, state };
}

describe.skipIf(!available)('AWS adapters against moto_server (real HTTP)', () => {
  beforeAll(async () => {
    await moto.start();
  }, 60_000);
  afterAll(() => moto.stop());

  /** The findings table as infra builds it (keys and indexes from TABLE_SCHEMA). */
  async function createTable(ddb: DynamoDBClient, name: string) {
    const attr = (attribute: string) => ({ AttributeName: attribute, AttributeType: 'S' as const });
    await ddb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          attr(TABLE_SCHEMA.partitionKey),
          attr(TABLE_SCHEMA.sortKey),
          ...TABLE_SCHEMA.indexes.flatMap((i) => [attr(i.partitionKey), attr(i.sortKey)]),
        ],
        GlobalSecondaryIndexes: TABLE_SCHEMA.indexes.map((i) => ({
          IndexName: i.name,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
            { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
          ],
          Projection: { ProjectionType: 'ALL' as const },
        })),
      }),
    );
  }

  it('DynamoStore: idempotent record, resolve, index queries, approvals decided once, audit, history', async () => {
    const ddb = new DynamoDBClient(cfg());
    await createTable(ddb, 'bot');
    const store = new DynamoStore(documentClient(ddb), { tableName: 'bot', historyTtlDays: 30 });

    expect((await store.findings.record([finding], [], now)).opened).toHaveLength(1);
    const again = await store.findings.record([finding], [], new Date(now.getTime() + 60_000));
    expect(again.opened).toHaveLength(0);
    expect(again.unchanged).toHaveLength(1);
    const changed = await store.findings.record([{ ...finding, severity: 'critical' }], [], now);
    expect(changed.changed).toHaveLength(1);

    const open: string[] = [];
    for await (const f of store.findings.query({ status: 'open', accountId: '111122223333' }))
      open.push(f.id);
    expect(open).toEqual(['f-moto-1']);

    const resolved = await store.findings.record(
      [],
      [{ findingId: finding.id, ruleId: finding.ruleId, resource: finding.resource }],
      now,
    );
    expect(resolved.resolved.map((f) => f.status)).toEqual(['resolved']);
    const stillOpen: string[] = [];
    for await (const f of store.findings.query({ status: 'open' })) stillOpen.push(f.id);
    expect(stillOpen).toEqual([]);
    const resolvedThisWeek: StoredFinding[] = [];
    for await (const f of store.findings.query({
      status: 'resolved',
      from: '2026-11-16T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
    }))
      resolvedThisWeek.push(f);
    expect(resolvedThisWeek.map((f) => f.id)).toEqual(['f-moto-1']);
    expect((await store.findings.record([finding], [], now)).opened).toHaveLength(1); // reopened
    // Acknowledged by a person (a one-off finding): resolved once, with who; the next event reopens it.
    const ack = { by: 'sam.rivera', slackUserId: 'U04ABCD1234', at: now.toISOString() };
    expect(await store.findings.acknowledge(finding.id, ack, now)).toMatchObject({
      status: 'resolved',
      acknowledged: ack,
    });
    expect(await store.findings.acknowledge(finding.id, ack, now)).toBeUndefined();
    expect((await store.findings.get(finding.id))?.acknowledged).toEqual(ack);
    expect((await store.findings.record([finding], [], now)).opened).toHaveLength(1);
    expect((await store.findings.get(finding.id))?.acknowledged).toBeUndefined();

    const pending = (approvalId: string, taskToken: string) => ({
      approvalId,
      findingId: finding.id,
      remediationId: 'r1',
      plan: { calls: [] },
      taskToken,
      severity: 'high',
      requestedAt: now.toISOString(),
      expiresAt: '2026-11-19T10:00:00.000Z',
    });
    await store.approvals.put(pending('a1', 'token-1'));
    expect(await store.approvals.get('a1')).toMatchObject({
      taskToken: 'token-1',
      expiresAt: '2026-11-19T10:00:00.000Z',
    });
    expect(await store.approvals.decide('a1', 'approved', 'U1', now)).toMatchObject({
      decision: 'approved',
      decidedBy: 'U1',
    });
    expect(await store.approvals.decide('a1', 'rejected', 'U2', now)).toBeUndefined();
    expect(await store.approvals.decide('missing', 'approved', 'U1', now)).toBeUndefined();
    // Undo / replace act only on the decision that click stored (real ConditionExpression semantics).
    const decided = { decision: 'approved' as const, decidedBy: 'U1', decidedAt: now.toISOString() };
    expect(await store.approvals.undo('a1', { ...decided, decidedBy: 'U2' })).toBe(false);
    expect(await store.approvals.undo('a1', decided)).toBe(true);
    expect(await store.approvals.get('a1')).not.toHaveProperty('decision');
    expect(await store.approvals.undo('a1', decided)).toBe(false);
    expect(await store.approvals.decide('a1', 'approved', 'U1', now)).toMatchObject({ decision: 'approved' });
    expect(await store.approvals.replaceDecision('a1', decided, 'expired', 'system', now)).toMatchObject({
      decision: 'expired',
      decidedBy: 'system',
    });
    expect(await store.approvals.replaceDecision('a1', decided, 'expired', 'system', now)).toBeUndefined();
    expect(await store.approvals.undo('missing', decided)).toBe(false);

    // One execution per approved plan (real ConditionExpression semantics): claimed once, only while
    // approved; the outcome recorded once, only after a claim, read back consistently.
    expect(await store.approvals.claimExecution('a1', now)).toBe(false); // expired, not approved
    await store.approvals.put(pending('a2', 'token-2'));
    expect(await store.approvals.claimExecution('a2', now)).toBe(false); // pending
    await store.approvals.recordExecution('a2', {
      outcome: 'failed',
      failedAt: now.toISOString(),
      error: 'x',
    });
    expect(await store.approvals.get('a2')).not.toHaveProperty('execution'); // no claim, no record
    await store.approvals.decide('a2', 'approved', 'U1', now);
    expect(await store.approvals.claimExecution('a2', now)).toBe(true);
    expect(await store.approvals.claimExecution('a2', now)).toBe(false);
    expect(await store.approvals.claimExecution('missing', now)).toBe(false);
    const ok = {
      outcome: 'ok' as const,
      executedAt: now.toISOString(),
      results: [{ operation: 'CreateSnapshot', output: { StartTime: now, SnapshotId: 'snap-1' } }],
    };
    await store.approvals.recordExecution('a2', ok);
    await store.approvals.recordExecution('a2', {
      outcome: 'failed',
      failedAt: now.toISOString(),
      error: 'x',
    });
    expect(await store.approvals.get('a2')).toMatchObject({
      decision: 'approved',
      executedAt: now.toISOString(),
      execution: JSON.parse(JSON.stringify(ok)),
    });

    await store.audit.append({
      at: '2026-11-18T10:00:00.000Z',
      actor: 'U1',
      action: 'approved',
      findingId: finding.id,
    });
    await store.audit.append({
      at: '2026-11-19T11:00:00.000Z',
      actor: 'bot',
      action: 'remediated',
      findingId: finding.id,
    });
    const audit: string[] = [];
    for await (const r of store.audit.list({
      from: '2026-11-18T00:00:00.000Z',
      to: '2026-11-20T00:00:00.000Z',
    }))
      audit.push(r.action);
    expect(audit).toEqual(['approved', 'remediated']);

    for (const week of ['2026-W45', '2026-W46', '2026-W47'])
      await store.history.put({ week, takenAt: now.toISOString(), scores: [], openBySeverity: {} });
    expect((await store.history.latest(2, '2026-W47')).map((s) => s.week)).toEqual(['2026-W46', '2026-W45']);

    await store.suppressions.put({
      ruleId: '*',
      resource: 'sandbox-*',
      reason: 'sandbox',
      owner: 'me',
      expires: '2027-01-01',
    });
    expect(await store.suppressions.list()).toHaveLength(1);
  });

  it('DynamoStore: notices marked delivered (and remediation started) only while current; delivery records once per channel, with TTL', async () => {
    const ddb = new DynamoDBClient(cfg());
    await createTable(ddb, 'deliveries');
    const doc = documentClient(ddb);
    const store = new DynamoStore(doc, { tableName: 'deliveries' });

    const [opened] = (await store.findings.record([finding], [], now)).opened;
    const stale = { kind: 'opened' as const, at: '2026-01-01T00:00:00.000Z' };
    await store.findings.markNotified(finding.id, stale);
    await store.findings.markNotified('no-such-finding', opened!.notice!);
    expect((await store.findings.get(finding.id))!.notice).toEqual({ kind: 'opened', at: now.toISOString() });
    await store.findings.markNotified(finding.id, opened!.notice!);
    const later = new Date(now.getTime() + 60_000);
    const again = await store.findings.record([finding], [], later);
    expect(again.unchanged[0]!.notice).toEqual({ kind: 'opened', at: now.toISOString(), delivered: true });
    // Plan marks the remediation started the same way: only while it is still this notice.
    await store.findings.markRemediationStarted(finding.id, stale);
    await store.findings.markRemediationStarted('no-such-finding', opened!.notice!);
    expect((await store.findings.get(finding.id))!.notice!.remediationStarted).toBeUndefined();
    await store.findings.markRemediationStarted(finding.id, opened!.notice!);
    expect((await store.findings.get(finding.id))!.notice).toEqual({
      kind: 'opened',
      at: now.toISOString(),
      delivered: true,
      remediationStarted: true,
    });

    await store.deliveries.record('sns', 'k1', now);
    await store.deliveries.record('sns', 'k1', later); // a second record of the same delivery: no-op
    await store.deliveries.record('slack', 'k1', later);
    expect(await store.deliveries.delivered('k1')).toEqual(new Set(['sns', 'slack']));
    expect(await store.deliveries.delivered('k2')).toEqual(new Set());
    const item = await doc.send(
      new GetCommand({ TableName: 'deliveries', Key: { pk: 'DELIVERY#k1', sk: 'sns' } }),
    );
    expect(item.Item).toEqual({
      pk: 'DELIVERY#k1',
      sk: 'sns',
      deliveredAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + 30 * 86_400,
    });
  });

  it('DynamoStore: a passed check of a resolved finding returns it unchanged, undelivered resolution notice and all (ALL_OLD on the failed condition)', async () => {
    const ddb = new DynamoDBClient(cfg());
    await createTable(ddb, 'resolutions');
    const store = new DynamoStore(documentClient(ddb), { tableName: 'resolutions' });
    const passed = [{ findingId: finding.id, ruleId: finding.ruleId, resource: finding.resource }];
    await store.findings.record([finding], [], now);
    const resolvedAt = new Date(now.getTime() + 60_000);
    const [resolved] = (await store.findings.record([], passed, resolvedAt)).resolved;
    expect(resolved!.notice).toEqual({ kind: 'resolved', at: resolvedAt.toISOString() });

    // The replay of the event: the resolution's notice was never marked delivered
    const replay = await store.findings.record([], passed, new Date(resolvedAt.getTime() + 600_000));
    expect(replay.resolved).toEqual([]);
    expect(replay.unchanged).toEqual([resolved]);
    // Once delivered, the replay still sees it, delivered
    await store.findings.markNotified(finding.id, resolved!.notice!);
    const later = await store.findings.record([], passed, new Date(resolvedAt.getTime() + 1_200_000));
    expect(later.unchanged[0]!.notice).toEqual({
      kind: 'resolved',
      at: resolvedAt.toISOString(),
      delivered: true,
    });
    // A passed check of a finding never recorded: nothing
    const unknown = await store.findings.record(
      [],
      [{ findingId: 'never-seen', ruleId: finding.ruleId, resource: finding.resource }],
      now,
    );
    expect(unknown).toEqual({ opened: [], changed: [], unchanged: [], resolved: [] });
  });

  it("DynamoStore: a Config verdict's pass resolves only a finding that is Config's verdict (as the local stores)", async () => {
    const ddb = new DynamoDBClient(cfg());
    await createTable(ddb, 'verdicts');
    await playVerdictCases(new DynamoStore(documentClient(ddb), { tableName: 'verdicts' }).findings, 'moto');
  });

  it('DynamoStore: a Slack thread stored while a Record is between its read and its write survives', async () => {
    const ddb = new DynamoDBClient(cfg());
    await createTable(ddb, 'threads');
    const doc = documentClient(ddb);
    const notifyStore = new DynamoStore(doc, { tableName: 'threads' });
    await notifyStore.findings.record([finding], [], now);
    // Record's document client: just before its first write, Notify stores the thread (a burst of
    // events about the same resource).
    let interleaved = false;
    const racingDoc = new Proxy(doc, {
      get(target, key, receiver) {
        if (key !== 'send') return Reflect.get(target, key, receiver);
        return async (command: { constructor: { name: string } }) => {
          if (!interleaved && /Put|Update/.test(command.constructor.name)) {
            interleaved = true;
            await notifyStore.findings.setSlackThread(finding.id, { channel: 'C1', ts: '1700000000.000100' });
          }
          return target.send(command as never);
        };
      },
    });
    const recordStore = new DynamoStore(racingDoc, { tableName: 'threads' });
    const changed = { ...finding, message: 'now worse', evidence: { worse: true } };
    await recordStore.findings.record([changed], [], new Date(now.getTime() + 60_000));
    expect(interleaved).toBe(true);
    const stored = await notifyStore.findings.get(finding.id);
    expect(stored!.message).toBe('now worse');
    expect(stored!.slack).toEqual({ channel: 'C1', ts: '1700000000.000100' });
  });

  it('DynamoStore: one pending approval claim per fix and resource (real conditions: claim, race, release, expiry, takeover)', async () => {
    const ddb = new DynamoDBClient(cfg());
    await createTable(ddb, 'pending-claims');
    const store = new DynamoStore(documentClient(ddb), { tableName: 'pending-claims' });
    await pendingClaimContract(store.approvals, now);
  });

  it('DynamoStore: the latest approval requested for a finding survives its later transitions (changed, resolved, reopened)', async () => {
    const ddb = new DynamoDBClient(cfg());
    await createTable(ddb, 'latest-approval');
    const store = new DynamoStore(documentClient(ddb), { tableName: 'latest-approval' });
    const latest = { approvalId: 'apr_2', requestedAt: now.toISOString() };
    await store.findings.setLatestApproval('no-such-finding', latest); // a no-op, no item created
    expect(await store.findings.get('no-such-finding')).toBeUndefined();
    await store.findings.record([finding], [], now);
    await store.findings.setLatestApproval(finding.id, latest);
    const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
    const changed = await store.findings.record([{ ...finding, message: 'now worse' }], [], at(1));
    expect(changed.changed[0]!.latestApproval).toEqual(latest);
    const passed = [{ findingId: finding.id, ruleId: finding.ruleId, resource: finding.resource }];
    expect((await store.findings.record([], passed, at(2))).resolved[0]!.latestApproval).toEqual(latest);
    expect((await store.findings.record([finding], [], at(3))).opened[0]!.latestApproval).toEqual(latest);
  });

  describe("DynamoStore: a past week's report lists what was open at its end, whatever happened since", () => {
    // One flapping case over real HTTP (140 record calls in a row: over 10 s on a loaded machine);
    // every case runs over the mocked client (dynamo-store.test.ts), the memory and the file store.
    const cases = indexedCases().filter((c) => !c.flapping || c.name.includes('merged gap'));
    let store: DynamoStore;
    let report: PastWeekReport;
    beforeAll(async () => {
      // Prepare: every case's life recorded through the real conditional writes and indexes.
      const ddb = new DynamoDBClient(cfg());
      await createTable(ddb, 'past-week');
      store = new DynamoStore(documentClient(ddb), { tableName: 'past-week' });
      await playPastWeekCases(store.findings, finding, cases);
      // Act: GatherReport's queries (gsi1, gsi2 per week since W47).
      report = await reportedStandings(store.findings, store.history);
    }, 60_000);

    it.each(cases)('$name: $expected', (c) => expectReported(report, c));

    it('a flapping finding keeps at most MAX_PAST_OPENINGS spans on its item, the oldest flaps merged', async () => {
      const flapping = cases.find((c) => c.flapping)!;
      const item = await store.findings.get(caseFinding(finding, flapping.index).id);
      expect(item?.pastOpenings).toHaveLength(MAX_PAST_OPENINGS);
      // Flaps 0 to 5 merged into one span; flap 6 onwards kept exactly; flap 69 is the item's own.
      expect(item?.pastOpenings?.[0]).toEqual({
        openedAt: flapping.steps[0]![1],
        resolvedAt: flapping.steps[11]![1],
      });
      expect(item?.pastOpenings?.[1]).toEqual({
        openedAt: flapping.steps[12]![1],
        resolvedAt: flapping.steps[13]![1],
      });
    });
  });

  describe('DynamoStore: Config items recorded in order (per-resource watermark, real conditions and transactions)', () => {
    const resource = 'r|111122223333|eu-west-1|AWS::S3::Bucket|b1';
    const order = (captureTime: string, eventId: string, stateId?: number) => ({
      resource,
      captureTime,
      eventId,
      ...(stateId !== undefined ? { stateId } : {}),
    });
    const passed = [{ findingId: finding.id, ruleId: finding.ruleId, resource: finding.resource }];
    const early = order('2025-06-10T09:14:29.876Z', 'early', 1749546869876);
    const fixed = order('2025-06-10T10:04:58.000Z', 'fixed', 1749549898000);

    async function watermark(doc: ReturnType<typeof documentClient>, table: string) {
      const item = await doc.send(
        new GetCommand({ TableName: table, Key: { pk: `RESOURCE#${resource}`, sk: 'WATERMARK' } }),
      );
      return item.Item;
    }

    it('an older item records nothing and says what is newer; the same item again and a newer one apply', async () => {
      // Prepare
      const ddb = new DynamoDBClient(cfg());
      await createTable(ddb, 'ordered');
      const doc = documentClient(ddb);
      const store = new DynamoStore(doc, { tableName: 'ordered' });
      expect((await store.findings.record([finding], [], now, early)).opened).toHaveLength(1);
      expect((await store.findings.record([], passed, now, fixed)).resolved).toHaveLength(1);

      // Act
      const replay = await store.findings.record([finding], [], now, early);

      // Assess
      expect(replay).toMatchObject({ opened: [], changed: [], unchanged: [], resolved: [] });
      expect(replay.stale).toEqual({
        resource,
        captureTime: early.captureTime,
        eventId: 'early',
        latest: { captureTime: fixed.captureTime, eventId: 'fixed' },
      });
      expect((await store.findings.get(finding.id))!.status).toBe('resolved');
      expect(await watermark(doc, 'ordered')).toMatchObject({
        captureTime: fixed.captureTime,
        stateId: fixed.stateId,
        eventId: 'fixed',
        expiresAt: expect.any(Number),
      });
      // The same item again (a redelivery) is applied: unchanged, as before watermarks.
      expect((await store.findings.record([], passed, now, fixed)).unchanged).toHaveLength(1);
      // A newer item applies.
      const later = order('2025-06-10T10:30:00.000Z', 'later');
      const reopened = await store.findings.record([finding], [], now, later);
      expect(reopened.opened).toHaveLength(1);
      expect(reopened.stale).toBeUndefined();
    });

    it('a deletion resolves with its reason (written with the resolution) and blocks older items', async () => {
      // Prepare
      const ddb = new DynamoDBClient(cfg());
      await createTable(ddb, 'deleted');
      const store = new DynamoStore(documentClient(ddb), { tableName: 'deleted' });
      await store.findings.record([finding], [], now, early);
      const reason = { code: 'resource-deleted' as const, text: 'the resource was deleted (test)' };
      const deletion = {
        ...order('2025-06-10T11:02:17.402Z', 'deleted'),
        deleted: 'ResourceDeleted' as const,
      };

      // Act
      const out = await store.findings.record([], [{ ...passed[0]!, reason }], now, deletion);

      // Assess
      expect(out.resolved.map((f) => [f.status, f.resolvedReason])).toEqual([['resolved', reason]]);
      expect((await store.findings.get(finding.id))!.resolvedReason).toEqual(reason);
      const late = await store.findings.record([finding], [], now, fixed);
      expect(late.stale?.latest).toEqual({
        captureTime: deletion.captureTime,
        eventId: 'deleted',
        deleted: 'ResourceDeleted',
      });
    });

    it('a guarded write whose own condition fails (a Slack thread stored meanwhile) re-reads and keeps the thread', async () => {
      // Prepare
      const ddb = new DynamoDBClient(cfg());
      await createTable(ddb, 'guarded-retry');
      const doc = documentClient(ddb);
      const notifyStore = new DynamoStore(doc, { tableName: 'guarded-retry' });
      await notifyStore.findings.record([finding], [], now, early);
      const racing = interleaved(doc, 'TransactWriteCommand', () =>
        notifyStore.findings.setSlackThread(finding.id, { channel: 'C1', ts: '1.2' }),
      );
      const recordStore = new DynamoStore(racing.proxy, { tableName: 'guarded-retry' });

      // Act
      const out = await recordStore.findings.record([{ ...finding, message: 'worse' }], [], now, fixed);

      // Assess
      expect(racing.state.done).toBe(true);
      expect(out.changed).toHaveLength(1);
      expect(await notifyStore.findings.get(finding.id)).toMatchObject({
        message: 'worse',
        slack: { channel: 'C1', ts: '1.2' },
      });
    });

    it('two concurrent executions cannot regress it: an execution overtaken between its watermark and its writes stops writing', async () => {
      // Prepare: the older execution's client lets the newer execution run completely just before the
      // older one's first finding write (it advanced the watermark already). Deterministic on purpose:
      // moto_server does not serialize concurrent conditional writes of one item (a probe with eight
      // parallel records saw two conditional UpdateItems both succeed), DynamoDB does.
      const ddb = new DynamoDBClient(cfg());
      await createTable(ddb, 'racing');
      const doc = documentClient(ddb);
      const newer = new DynamoStore(doc, { tableName: 'racing' });
      await newer.findings.record([finding], [], now, order('2025-06-10T09:00:00.000Z', 'first'));
      const racing = interleaved(doc, 'TransactWriteCommand', () =>
        newer.findings.record([], passed, now, fixed),
      );
      const older = new DynamoStore(racing.proxy, { tableName: 'racing' });
      const changed = { ...finding, message: 'worse again', evidence: { worse: true } };

      // Act
      const out = await older.findings.record([changed], [], now, early);

      // Assess
      expect(racing.state.done).toBe(true);
      expect(out.stale).toMatchObject({ overtaken: true, latest: { eventId: 'fixed' } });
      expect(out.changed).toEqual([]);
      const stored = await newer.findings.get(finding.id);
      expect(stored!.status).toBe('resolved');
      expect(stored!.message).toBe(finding.message);
      expect((await watermark(doc, 'racing'))!.eventId).toBe('fixed');
    });
  });

  describe('DynamoStore: an acknowledged one-off finding and later copies of its occurrences (real conditions)', () => {
    const acknowledgement = { by: 'sam.rivera', slackUserId: 'U04ABCD1234', at: now.toISOString() };
    /** A root sign-in: a CloudTrail finding whose evidence names its event, observed at the event time. */
    const signIn = (eventTime: string, eventId: string): Finding => ({
      ...finding,
      id: 'f-root-sign-in',
      ruleId: 'console-signin-without-mfa',
      severity: 'critical',
      resource: { type: 'AWS::::Account', id: '111122223333', accountId: '111122223333', name: 'root user' },
      message: 'The root user signed in to the console without MFA',
      evidence: { eventName: 'ConsoleLogin', eventTime, eventId },
      source: 'cloudtrail',
      observedAt: eventTime,
    });
    const first = signIn('2025-06-10T06:58:12Z', 'ev-1');
    const later = new Date('2026-11-19T10:00:00Z');

    async function item(doc: ReturnType<typeof documentClient>, table: string) {
      const got = await doc.send(
        new GetCommand({ TableName: table, Key: { pk: `FINDING#${first.id}`, sk: 'FINDING' } }),
      );
      return got.Item as { version: number; status: string; data: StoredFinding };
    }

    /** A table holding the sign-in, recorded then acknowledged. */
    async function acknowledgedTable(table: string) {
      const ddb = new DynamoDBClient(cfg());
      await createTable(ddb, table);
      const doc = documentClient(ddb);
      const store = new DynamoStore(doc, { tableName: table });
      await store.findings.record([first], [], now);
      expect(await store.findings.acknowledge(first.id, acknowledgement, now)).toMatchObject({
        status: 'resolved',
        latestOccurrence: { at: first.observedAt, eventId: 'ev-1' },
      });
      return { doc, store };
    }

    /**
     * The sign-in open in a new table, and a store (`racer`) whose first finding write runs only
     * after the click acknowledged it: between its read and its conditional put.
     */
    async function clickBetweenReadAndWrite(table: string) {
      const ddb = new DynamoDBClient(cfg());
      await createTable(ddb, table);
      const doc = documentClient(ddb);
      const store = new DynamoStore(doc, { tableName: table });
      await store.findings.record([first], [], now);
      const racing = interleaved(doc, 'PutCommand', () =>
        store.findings.acknowledge(first.id, acknowledgement, now),
      );
      return { store, racing, racer: new DynamoStore(racing.proxy, { tableName: table }) };
    }

    it.each([
      { occurrence: 'the same event again', at: '2025-06-10T06:58:12Z', id: 'ev-1', reopens: false },
      { occurrence: 'an older event', at: '2025-06-10T06:00:00Z', id: 'ev-0', reopens: false },
      { occurrence: 'a later event', at: '2025-06-10T07:00:00Z', id: 'ev-2', reopens: true },
    ])(
      '$occurrence: reopens $reopens (nothing written when it does not)',
      async ({ occurrence, at, id, reopens }) => {
        // Prepare
        const table = `ack-${occurrence.replace(/\W+/g, '-')}`;
        const { doc, store } = await acknowledgedTable(table);
        const before = await item(doc, table);
        // Act
        const out = await store.findings.record([signIn(at, id)], [], later);
        // Assess
        const after = await item(doc, table);
        if (reopens) {
          expect(out.opened).toHaveLength(1);
          expect(out.keptAcknowledged).toBeUndefined();
          expect(after).toMatchObject({ status: 'open', version: before.version + 1 });
          expect(after.data.acknowledged).toBeUndefined();
          expect(after.data.latestOccurrence).toEqual({ at, eventId: id });
        } else {
          expect(out.unchanged).toHaveLength(1);
          expect(out.keptAcknowledged).toEqual([
            expect.objectContaining({
              occurrence: { at, eventId: id },
              through: { at: first.observedAt, eventId: 'ev-1' },
              acknowledged: { by: 'sam.rivera', at: now.toISOString() },
            }),
          ]);
          expect(after).toEqual(before);
        }
      },
    );

    it("an acknowledgement landing between a copy's read and its write wins: the put fails on the version, the copy is kept out", async () => {
      // Prepare: the sign-in is open; the redelivered copy reads it open, then the click lands.
      const { store, racing, racer: redelivery } = await clickBetweenReadAndWrite('ack-race-copy');
      // Act
      const out = await redelivery.findings.record([first], [], later);
      // Assess
      expect(racing.state.done).toBe(true);
      expect(out.keptAcknowledged).toHaveLength(1);
      expect(out.opened).toEqual([]);
      expect(await store.findings.get(first.id)).toMatchObject({
        status: 'resolved',
        acknowledged: acknowledgement,
      });
    });

    it('a later occurrence read before the acknowledgement still reopens it once the click landed', async () => {
      // Prepare
      const { store, racing, racer: newer } = await clickBetweenReadAndWrite('ack-race-later');
      // Act
      const out = await newer.findings.record([signIn('2025-06-10T08:00:00Z', 'ev-2')], [], later);
      // Assess: the acknowledgement covered ev-1 only.
      expect(racing.state.done).toBe(true);
      expect(out.opened).toHaveLength(1);
      expect(await store.findings.get(first.id)).toMatchObject({
        status: 'open',
        latestOccurrence: { eventId: 'ev-2' },
        pastOpenings: [{ openedAt: now.toISOString(), resolvedAt: now.toISOString() }],
      });
    });
  });

  it('SnsNotifier: subscribers filter on the message attributes (severity)', async () => {
    const sns = new SNSClient(cfg());
    const sqs = new SQSClient(cfg());
    const topic = await sns.send(new CreateTopicCommand({ Name: 'findings' }));
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: 'high-only' }));
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    await sns.send(
      new SubscribeCommand({
        TopicArn: topic.TopicArn,
        Protocol: 'sqs',
        Endpoint: attrs.Attributes!.QueueArn,
        Attributes: { FilterPolicy: JSON.stringify({ severity: ['high', 'critical'] }) },
      }),
    );
    const notifier = new SnsNotifier(sns, topic.TopicArn!);
    const stored = { ...finding, status: 'open' as const, firstSeenAt: '', lastSeenAt: '', fingerprint: 'x' };
    await notifier.notify([{ kind: 'opened', finding: { ...stored, severity: 'low', id: 'low-one' } }]);
    await notifier.notify([{ kind: 'opened', finding: stored }]);
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, MaxNumberOfMessages: 10 }),
    );
    expect(received.Messages).toHaveLength(1);
    const envelope = JSON.parse(received.Messages![0]!.Body!);
    expect(envelope.Subject).toMatch(/^\[HIGH\] S3 buckets block public access/);
    expect(envelope.MessageAttributes.severity).toEqual({ Type: 'String', Value: 'high' });
    expect(envelope.MessageAttributes.accountId).toEqual({ Type: 'String', Value: '111122223333' });
  });

  it('S3ReportStore: objects are SSE-KMS encrypted and the presigned link serves them', async () => {
    const s3 = new S3Client({ ...cfg(), forcePathStyle: true });
    const kms = new KMSClient(cfg());
    const key = await kms.send(new CreateKeyCommand({ Description: 'reports' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'reports' }));
    const store = new S3ReportStore(s3, 'reports', key.KeyMetadata!.Arn);
    await store.put([
      { key: 'reports/2026-W47/summary.md', body: '# Report\n', contentType: 'text/markdown' },
    ]);
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: 'reports', Key: 'reports/2026-W47/summary.md' }),
    );
    expect(head.ServerSideEncryption).toBe('aws:kms');
    const object = await s3.send(
      new GetObjectCommand({ Bucket: 'reports', Key: 'reports/2026-W47/summary.md' }),
    );
    expect(await object.Body!.transformToString()).toBe('# Report\n');
    const link = (await store.linkTo('reports/2026-W47/summary.md', 3600)).url;
    expect(link).toContain('X-Amz-Signature=');
    const res = await fetch(link);
    expect(await res.text()).toBe('# Report\n');
  });

  it('StepFunctionsCallbacks: the remediation ASL deploys and SendTaskSuccess/Failure go through', async () => {
    const sfn = new SFNClient(cfg());
    const text = readFileSync(
      join(__dirname, '..', '..', '..', 'statemachines', 'remediation.asl.json'),
      'utf8',
    );
    const created = await sfn.send(
      new CreateStateMachineCommand({
        name: 'remediation',
        definition: fillPlaceholders(text, LOCAL_SUBSTITUTIONS),
        roleArn: 'arn:aws:iam::123456789012:role/sfn',
        type: 'STANDARD',
      }),
    );
    expect(created.stateMachineArn).toContain(':stateMachine:remediation');
    // moto accepts any token (it does not run states): this checks the requests are well-formed.
    const callbacks = new StepFunctionsCallbacks(sfn);
    await expect(callbacks.succeed('token-1', { decision: 'approved' })).resolves.toBeUndefined();
    await expect(
      callbacks.fail('token-2', 'Remediation.Rejected', 'rejected by U1'),
    ).resolves.toBeUndefined();
  });

  it('OrganizationsAccountDirectory: account names and parent OU from a real ListAccounts/ListParents', async () => {
    const org = new OrganizationsClient(cfg());
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const roots = await org.send(new ListRootsCommand({}));
    const ou = await org.send(
      new CreateOrganizationalUnitCommand({ ParentId: roots.Roots![0]!.Id!, Name: 'Production' }),
    );
    const created = await org.send(
      new CreateAccountCommand({ AccountName: 'acme-prod', Email: 'prod@example.com' }),
    );
    const status = await org.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }),
    );
    const accountId = status.CreateAccountStatus!.AccountId!;
    await org.send(
      new MoveAccountCommand({
        AccountId: accountId,
        SourceParentId: roots.Roots![0]!.Id!,
        DestinationParentId: ou.OrganizationalUnit!.Id!,
      }),
    );
    const dir = new OrganizationsAccountDirectory(org);
    expect(await dir.describe(accountId)).toEqual({
      accountId,
      name: 'acme-prod',
      organizationalUnit: 'Production',
      organizationalUnitId: ou.OrganizationalUnit!.Id,
    });
    expect(await dir.list()).toContainEqual({
      accountId,
      name: 'acme-prod',
      organizationalUnit: 'Production',
      organizationalUnitId: ou.OrganizationalUnit!.Id,
    });
  });
});
