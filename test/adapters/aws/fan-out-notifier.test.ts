import 'aws-sdk-client-mock-vitest/extend';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { FanOutNotifier, RETRIED_NOTIFIER_ERRORS } from '../../../functions/adapters/aws/fan-out-notifier';
import { SnsNotifier } from '../../../functions/adapters/aws/sns-notifier';
import { MemoryStore } from '../../../functions/adapters/local/memory-store';
import { SlackApiError, SlackRateLimitedError } from '../../../functions/adapters/slack/errors';
import { notificationKey } from '../../../functions/notifications/keys';
import type {
  ApprovalRequest,
  FindingNotification,
  RemediationOutcome,
  ReportPublished,
  WorkflowNotifier,
} from '../../../functions/ports/notifier';
import type { RemediationPlan } from '../../../functions/ports/remediation-executor';
import { TransientError } from '../../../functions/shared/errors';
import { storedFinding } from '../../notifications/findings';

const client = new SNSClient({ region: 'eu-west-1' });
const sns = mockClient(client);
const topicArn = 'arn:aws:sns:eu-west-1:111122223333:findings';

const finding = storedFinding({ notice: { kind: 'opened', at: '2026-11-18T10:00:00.000Z' } });
const opened: FindingNotification = { kind: 'opened', finding };
const plan: RemediationPlan = {
  remediationId: 's3-put-public-access-block',
  summary: 'Block all public access',
  target: { accountId: '111122223333', region: 'eu-west-1' },
  calls: [],
};
const request: ApprovalRequest = { approvalId: 'apr_1', finding, plan, expiresAt: '2026-11-19T10:00:00Z' };
const outcome: RemediationOutcome = { status: 'rejected', finding, approvalId: 'apr_1', plan };
const report: ReportPublished = {
  week: '2026-W47',
  headline: 'Week 2026-W47: 3 open findings',
  link: 'https://example.com/r',
  openBySeverity: { high: 3 },
};

/** A channel that fails `failures` times with `error`, then delivers; counts every attempt. */
class FlakyChannel implements WorkflowNotifier {
  attempts = 0;
  delivered = 0;
  constructor(
    private failures: number,
    private readonly error: () => Error = () => new SlackRateLimitedError(120),
  ) {}
  private async attempt() {
    this.attempts++;
    if (this.failures > 0) {
      this.failures--;
      throw this.error();
    }
    this.delivered++;
  }
  notify = () => this.attempt();
  requestApproval = () => this.attempt();
  notifyOutcome = () => this.attempt();
  reportPublished = () => this.attempt();
}

/** What the state machine does: run the task again while it fails with a retried error. */
async function withStateMachineRetries(task: () => Promise<void>, maxAttempts = 4) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= maxAttempts || !RETRIED_NOTIFIER_ERRORS.includes((error as Error).name)) throw error;
    }
  }
}

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

describe('FanOutNotifier: each channel delivers on its own, once per notification', () => {
  it.each([
    { what: 'notify', send: (n: WorkflowNotifier) => n.notify([opened]) },
    { what: 'requestApproval', send: (n: WorkflowNotifier) => n.requestApproval(request) },
    { what: 'notifyOutcome', send: (n: WorkflowNotifier) => n.notifyOutcome(outcome) },
    { what: 'reportPublished', send: (n: WorkflowNotifier) => n.reportPublished(report) },
  ])('$what: Slack rate limited twice, then delivered -> exactly one SNS publish', async ({ send }) => {
    // Prepare
    const store = new MemoryStore();
    const slack = new FlakyChannel(2);
    const fanOut = new FanOutNotifier(
      { sns: new SnsNotifier({ client, topicArn }), slack },
      { deliveries: store.deliveries },
    );

    // Act
    await withStateMachineRetries(() => send(fanOut));

    // Assess
    expect(slack.attempts).toBe(3);
    expect(slack.delivered).toBe(1);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('records each channel under the notification key; a replay of a delivered notification sends nothing', async () => {
    const store = new MemoryStore();
    const slack = new FlakyChannel(0);
    const at = new Date('2026-11-18T10:00:05Z');
    const fanOut = new FanOutNotifier(
      { sns: new SnsNotifier({ client, topicArn }), slack },
      { deliveries: store.deliveries, now: () => at },
    );
    await fanOut.notify([opened]);
    await fanOut.notify([opened]);
    expect(store.snapshot().deliveries).toEqual({
      [notificationKey(opened)]: { sns: at.toISOString(), slack: at.toISOString() },
    });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(slack.attempts).toBe(1);
  });

  it('the same finding reopened with the same evidence is news again (the key names the transition)', async () => {
    const store = new MemoryStore();
    const fanOut = new FanOutNotifier(
      { sns: new SnsNotifier({ client, topicArn }) },
      { deliveries: store.deliveries },
    );
    await fanOut.notify([opened]);
    const reopened = { ...finding, notice: { kind: 'opened' as const, at: '2026-11-20T08:00:00.000Z' } };
    await fanOut.notify([{ kind: 'opened', finding: reopened }]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
  });

  it('when channels fail differently, the retried error is rethrown so the retry can deliver the other', async () => {
    const store = new MemoryStore();
    sns
      .on(PublishCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} }));
    const slack = new FlakyChannel(1, () => new SlackApiError('channel_not_found', 'chat.postMessage'));
    const fanOut = new FanOutNotifier(
      { slack, sns: new SnsNotifier({ client, topicArn }) },
      { deliveries: store.deliveries },
    );
    await expect(fanOut.notify([opened])).rejects.toBeInstanceOf(TransientError);
    await fanOut.notify([opened]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
    expect(slack.delivered).toBe(1);
  });

  it('an unreadable ledger sends nothing and fails with its (retried) error', async () => {
    const slack = new FlakyChannel(0);
    const fanOut = new FanOutNotifier(
      { sns: new SnsNotifier({ client, topicArn }), slack },
      {
        deliveries: {
          delivered: async () => {
            throw new TransientError('DynamoDB Query: throttled');
          },
          record: async () => {},
        },
      },
    );
    await expect(fanOut.notify([opened])).rejects.toBeInstanceOf(TransientError);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(slack.attempts).toBe(0);
  });

  it('without a ledger every attempt sends on every channel (why the deployed notifiers get one)', async () => {
    const slack = new FlakyChannel(2);
    const fanOut = new FanOutNotifier({ sns: new SnsNotifier({ client, topicArn }), slack });
    await withStateMachineRetries(() => fanOut.notify([opened]));
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 3);
  });

  it('the Retry blocks of every notifying task list the errors the fan-out prefers to rethrow', () => {
    const root = join(__dirname, '..', '..', '..', 'statemachines');
    const states: Record<string, { Retry?: Array<{ ErrorEquals: string[] }> }> = {};
    for (const file of ['triage', 'remediation', 'weekly-report']) {
      const definition = JSON.parse(readFileSync(join(root, `${file}.asl.json`), 'utf8'));
      Object.assign(states, definition.States, definition.States.NotifyEach?.ItemProcessor.States);
    }
    for (const name of ['Notify', 'RequestApproval', 'NotifyOutcome', 'PublishReport']) {
      const retried = (states[name]?.Retry ?? []).flatMap((r) => r.ErrorEquals);
      expect(retried, name).toEqual(expect.arrayContaining([...RETRIED_NOTIFIER_ERRORS]));
    }
  });
});
