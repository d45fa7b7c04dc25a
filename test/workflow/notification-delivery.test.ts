import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FanOutNotifier } from '../../functions/adapters/aws/fan-out-notifier';
import { SnsNotifier } from '../../functions/adapters/aws/sns-notifier';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { TerminalNotifier } from '../../functions/adapters/local/terminal-notifier';
import { createSlackClient } from '../../functions/adapters/slack/client';
import { SlackNotifier } from '../../functions/adapters/slack/slack-notifier';
import type {
  ApprovalRequest,
  FindingNotification,
  RemediationOutcome,
  ReportPublished,
  WorkflowNotifier,
} from '../../functions/ports/notifier';
import { FakeSlack } from '../slack/fake-slack';
import { bucketEvent, captureOutput, testRuntime } from './support';

const PUBLIC_ACCESS = 's3-bucket-blocks-public-access';
const TAG = 'test-s3-bucket-has-classification-tag';

interface Counts {
  counts: Record<string, number>;
  notifications: Array<{ kind: string; finding: { ruleId: string } }>;
}

/** The terminal notifier, failing the first time it is asked to post one rule's finding. */
class FailsOnceFor implements WorkflowNotifier {
  readonly delivered: string[] = [];
  private failed = false;
  constructor(
    private readonly inner: WorkflowNotifier,
    private readonly ruleId: string,
  ) {}
  async notify(notifications: readonly FindingNotification[]) {
    if (!this.failed && notifications.some((n) => n.finding.ruleId === this.ruleId)) {
      this.failed = true;
      throw new Error('the notification service is down'); // not a retried error: straight to Catch
    }
    await this.inner.notify(notifications);
    for (const n of notifications) this.delivered.push(`${n.kind} ${n.finding.ruleId}`);
  }
  requestApproval(request: ApprovalRequest) {
    return this.inner.requestApproval(request);
  }
  notifyOutcome(outcome: RemediationOutcome) {
    return this.inner.notifyOutcome(outcome);
  }
  reportPublished(report: ReportPublished) {
    return this.inner.reportPublished(report);
  }
}

describe('triage: a notification that failed is not lost', () => {
  it('Notify fails -> dead-lettered; replaying the event notifies that finding once and starts its remediation', async () => {
    // Prepare
    const notifier = new FailsOnceFor(new TerminalNotifier(captureOutput()), PUBLIC_ACCESS);
    const approver = vi.fn(() => 'rejected' as const);
    let clock = Date.parse('2026-11-18T10:00:00Z');
    // Every severity is notified here (the tag finding is `low`): this test is about delivery.
    const { runtime } = testRuntime({
      notifier,
      approver,
      now: () => new Date(clock),
      notifyMinSeverity: 'info',
    });

    // Act: the first run dead-letters the item whose Notify failed
    const first = await runtime.triage(bucketEvent());
    await runtime.settle();

    // Assess
    expect(first).toMatchObject({ status: 'FAILED', error: 'NotificationFailed' });
    expect(runtime.deadLetters.messages).toHaveLength(1);
    const letter = runtime.deadLetters.messages[0]!.body as { item: { kind: string; findingId: string } };
    expect(letter.item.kind).toBe('opened');
    expect(notifier.delivered).toEqual([`opened ${TAG}`]);
    expect(runtime.remediations).toHaveLength(0);

    // Act: another event about the bucket a minute later: the first execution could still be
    // notifying (Express runs up to 5 minutes), so nothing is sent twice yet
    clock += 60_000;
    const soon = await runtime.triage(bucketEvent({ id: 'config-rule-verdict' }));
    await runtime.settle();
    expect((soon as { output: Counts }).output.notifications).toEqual([]);
    expect(notifier.delivered).toEqual([`opened ${TAG}`]);

    // Act: the operator redrives the dead letter (the same event again) after looking into it
    clock += 10 * 60_000;
    const replay = await runtime.triage(bucketEvent());
    await runtime.settle();

    // Assess: only the finding nobody heard about is sent, and its remediation starts
    expect(replay.status).toBe('SUCCEEDED');
    const output = (replay as { output: Counts }).output;
    expect(output.counts).toMatchObject({ opened: 0, changed: 0, unchanged: 2, owed: 1 });
    expect(output.notifications.map((n) => `${n.kind} ${n.finding.ruleId}`)).toEqual([
      `opened ${PUBLIC_ACCESS}`,
    ]);
    expect(notifier.delivered).toEqual([`opened ${TAG}`, `opened ${PUBLIC_ACCESS}`]);
    expect(runtime.remediations).toHaveLength(1);
    expect(runtime.remediations[0]!.status).toBe('SUCCEEDED');
    expect(approver).toHaveBeenCalledTimes(1);

    // Act: and once more, later (EventBridge redelivers it)
    clock += 10 * 60_000;
    const again = await runtime.triage(bucketEvent({ id: 'redelivered' }));
    await runtime.settle();

    // Assess: everything was delivered, so nothing new
    expect((again as { output: Counts }).output.notifications).toEqual([]);
    expect((again as { output: Counts }).output.counts).toMatchObject({ unchanged: 2, owed: 0 });
    expect(notifier.delivered).toHaveLength(2);
    expect(runtime.remediations).toHaveLength(1);
    expect(runtime.deadLetters.messages).toHaveLength(1);
  });
});

describe('triage: SNS + Slack, Slack rate limited twice', () => {
  const client = new SNSClient({ region: 'eu-west-1' });
  const sns = mockClient(client);
  let slack: FakeSlack;
  beforeEach(async () => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    slack = new FakeSlack();
    await slack.start();
  });
  afterEach(() => slack.stop());

  it('the Notify retries resend only to Slack: e-mail subscribers get one message per finding', async () => {
    // Prepare: the first two posts of the public-access finding are rate limited (Retry-After too
    // long to wait in the Lambda: SlackRateLimitedError, which the Notify state retries)
    let limited = 0;
    slack.script = (call) => {
      if (call.method !== 'chat.postMessage' || !String(call.params.text).includes('block public access'))
        return undefined;
      if (limited >= 2) return undefined;
      limited++;
      return { status: 429, headers: { 'retry-after': '120' }, body: { ok: false, error: 'ratelimited' } };
    };
    const store = new MemoryStore();
    const notifier = new FanOutNotifier(
      {
        sns: new SnsNotifier({ client, topicArn: 'arn:aws:sns:eu-west-1:111122223333:findings' }),
        slack: new SlackNotifier({
          client: createSlackClient('xoxb-t', { slackApiUrl: slack.url }),
          channel: 'C1',
          findings: store.findings,
          minIntervalMs: 0,
          retry: { maxRetries: 0 },
        }),
      },
      { deliveries: store.deliveries },
    );
    const { runtime } = testRuntime({
      store,
      notifier,
      approver: () => 'rejected',
      notifyMinSeverity: 'info',
    });

    // Act
    const result = await runtime.triage(bucketEvent());
    await runtime.settle();

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(limited).toBe(2);
    expect(runtime.deadLetters.messages).toEqual([]);
    const opened = sns
      .commandCalls(PublishCommand)
      .map((c) => c.args[0].input.MessageAttributes!)
      .filter((a) => a.kind?.StringValue === 'opened')
      .map((a) => a.ruleId!.StringValue);
    expect(opened.sort()).toEqual([PUBLIC_ACCESS, TAG].sort());
    const posted = slack
      .accepted('chat.postMessage')
      .filter((c) => !c.params.thread_ts)
      .map((c) => String(c.params.text));
    expect(posted.filter((t) => t.includes('block public access'))).toHaveLength(1);
    expect(runtime.remediations).toHaveLength(1);
  });
});
