import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SnsNotifier, snsPublishInput } from '../../functions/adapters/aws/sns-notifier';
import { MOTO_CLIENT, MotoServer, motoAvailable } from '../support/moto-server';
import { ACCOUNT, pendingApproval, storedFinding } from './findings';

const TOPIC = 'arn:aws:sns:eu-west-1:444455556666:compliance-findings';

describe('SnsNotifier (mocked SDK)', () => {
  const client = new SNSClient({ region: 'eu-west-1' });
  const sns = mockClient(client);
  beforeEach(() => sns.reset());

  it('publishes one message per finding with filterable String attributes', async () => {
    const notifier = new SnsNotifier({
      client,
      topicArn: TOPIC,
      accounts: { describe: async () => ACCOUNT },
    });
    await notifier.notify([
      { kind: 'opened', finding: storedFinding() },
      { kind: 'resolved', finding: storedFinding({ id: 'f2', status: 'resolved', severity: 'critical' }) },
    ]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
    expect(sns).toHaveReceivedNthCommandWith(PublishCommand, 1, {
      TopicArn: TOPIC,
      Subject: '[HIGH] S3 buckets block public access (all four settings) - acme-prod-workloads',
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'high' },
        pillar: { DataType: 'String', StringValue: 'security' },
        ruleId: { DataType: 'String', StringValue: 's3-bucket-blocks-public-access' },
        status: { DataType: 'String', StringValue: 'open' },
        kind: { DataType: 'String', StringValue: 'opened' },
        accountId: { DataType: 'String', StringValue: '111122223333' },
      },
    });
    const second = sns.commandCalls(PublishCommand)[1]!.args[0].input;
    expect(second.Subject).toMatch(/^\[RESOLVED\] /);
    expect(second.MessageAttributes?.status?.StringValue).toBe('resolved');
  });

  it.each([
    {
      how: 'its check passed',
      finding: storedFinding({ status: 'resolved' }),
      expected: {},
    },
    {
      how: 'its resource was deleted',
      finding: storedFinding({
        status: 'resolved',
        resolvedReason: { code: 'resource-deleted', text: 'the resource was deleted' },
      }),
      expected: { resolvedReason: 'resource-deleted' },
    },
    {
      how: 'a person acknowledged it',
      finding: storedFinding({
        status: 'resolved',
        source: 'cloudtrail',
        acknowledged: { by: 'sam.rivera', slackUserId: 'U04ABCD1234', at: '2026-11-22T10:05:00.000Z' },
      }),
      expected: { resolvedReason: 'acknowledged', acknowledgedBy: 'sam.rivera' },
    },
  ])(
    'a RESOLVED notice says how it was resolved when $how (attributes to filter on)',
    ({ finding, expected }) => {
      // Act
      const input = snsPublishInput({ kind: 'resolved', finding }, undefined, TOPIC);
      // Assess
      const attributes = input.MessageAttributes;
      const why = Object.fromEntries(
        ['resolvedReason', 'acknowledgedBy']
          .filter((name) => attributes[name])
          .map((name) => [name, attributes[name]!.StringValue]),
      );
      expect(why).toEqual(expected);
      expect(attributes.status?.StringValue).toBe('resolved');
    },
  );

  it('also takes (client, topicArn), as the integration branch constructs it', async () => {
    await new SnsNotifier(client, TOPIC).notify([{ kind: 'opened', finding: storedFinding() }]);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { TopicArn: TOPIC });
  });

  it('writes a readable body, not raw JSON', () => {
    const input = snsPublishInput(
      { kind: 'opened', finding: storedFinding(), approval: pendingApproval() },
      ACCOUNT,
      TOPIC,
    );
    expect(input.Message).toContain('account   acme-prod-workloads (111122223333), OU Production');
    expect(input.Message).toContain('proposed  Block all public access on the S3 bucket');
    expect(input.Message).not.toMatch(/^\{/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no ANSI colors in e-mail
    expect(input.Message).not.toMatch(/\u001b\[/);
  });

  it('keeps the subject ASCII, single-line and under 100 characters', () => {
    const input = snsPublishInput(
      {
        kind: 'opened',
        finding: storedFinding({
          title: `Zugriff für Bücher — “öffentlich”\nzweite Zeile ${'x'.repeat(200)}`,
        }),
      },
      ACCOUNT,
      TOPIC,
    );
    expect(input.Subject.length).toBeLessThan(100);
    expect(input.Subject).toMatch(/^\[HIGH\] Zugriff fur Bucher - "offentlich" zweite Zeile x+\.\.\.$/);
    expect(/^[\x20-\x7e]+$/.test(input.Subject)).toBe(true);
  });

  it('omits accountId for template findings instead of sending an empty attribute', () => {
    const input = snsPublishInput(
      { kind: 'opened', finding: storedFinding({ resource: { type: 'AWS::S3::Bucket', id: 'Bucket' } }) },
      undefined,
      TOPIC,
    );
    expect(input.MessageAttributes.accountId).toBeUndefined();
    expect(Object.values(input.MessageAttributes).every((a) => a.StringValue)).toBe(true);
  });

  it('on a FIFO topic, deduplicates by (finding, fingerprint, kind)', () => {
    const n = { kind: 'opened' as const, finding: storedFinding() };
    const a = snsPublishInput(n, ACCOUNT, `${TOPIC}.fifo`, true);
    const b = snsPublishInput(n, ACCOUNT, `${TOPIC}.fifo`, true);
    const c = snsPublishInput(
      { ...n, finding: storedFinding({ fingerprint: 'fp-2' }) },
      ACCOUNT,
      `${TOPIC}.fifo`,
      true,
    );
    expect(a.MessageDeduplicationId).toBe(b.MessageDeduplicationId);
    expect(a.MessageDeduplicationId).not.toBe(c.MessageDeduplicationId);
    expect(a.MessageGroupId).toBe('f-s3-public-acme-exports');
  });

  it('surfaces a publish failure (the state machine retries)', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottledException' }));
    await expect(
      new SnsNotifier({ client, topicArn: TOPIC }).notify([{ kind: 'opened', finding: storedFinding() }]),
    ).rejects.toMatchObject({
      name: 'ThrottledException',
    });
  });
});

const hasMoto = motoAvailable('the SNS notifier tests over real HTTP');

describe.skipIf(!hasMoto)('SnsNotifier against moto_server', () => {
  const moto = new MotoServer();
  let sns: SNSClient;
  let sqs: SQSClient;
  beforeAll(async () => {
    const endpoint = await moto.start();
    sns = new SNSClient({ ...MOTO_CLIENT, endpoint });
    sqs = new SQSClient({ ...MOTO_CLIENT, endpoint });
  });
  afterAll(() => moto.stop());

  it('subscribers can filter on the attributes (critical-only subscription gets only critical)', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'findings' }));
    const queue = async (name: string, filter?: unknown) => {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
      );
      await sns.send(
        new SubscribeCommand({
          TopicArn,
          Protocol: 'sqs',
          Endpoint: Attributes!.QueueArn,
          Attributes: {
            RawMessageDelivery: 'true',
            ...(filter ? { FilterPolicy: JSON.stringify(filter) } : {}),
          },
        }),
      );
      return QueueUrl!;
    };
    const all = await queue('all');
    const critical = await queue('critical', { severity: ['critical'] });
    await new SnsNotifier({
      client: sns,
      topicArn: TopicArn!,
      accounts: { describe: async () => ACCOUNT },
    }).notify([
      { kind: 'opened', finding: storedFinding({ id: 'h' }) },
      { kind: 'opened', finding: storedFinding({ id: 'c', severity: 'critical', title: 'Root signed in' }) },
    ]);
    const receive = async (url: string) =>
      (
        await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: 10,
            MessageAttributeNames: ['All'],
          }),
        )
      ).Messages ?? [];
    const everything = await receive(all);
    expect(everything).toHaveLength(2);
    expect(everything.map((m) => m.MessageAttributes?.severity?.StringValue).sort()).toEqual([
      'critical',
      'high',
    ]);
    const onlyCritical = await receive(critical);
    expect(onlyCritical).toHaveLength(1);
    expect(onlyCritical[0]!.Body).toContain('Root signed in');
  });
});
