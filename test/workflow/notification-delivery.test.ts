import { PublishCommand } from '@aws-sdk/client-sns';
import { describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { TerminalNotifier } from '../../functions/adapters/local/terminal-notifier';
import type { LocalRuntime } from '../../functions/local/runtime';
import type {
  ApprovalRequest,
  FindingNotification,
  RemediationOutcome,
  ReportPublished,
  WorkflowNotifier,
} from '../../functions/ports/notifier';
import { bucketEvent, captureOutput, snsAndSlackNotifier, testRuntime, withSnsAndFakeSlack } from './support';

const PUBLIC_ACCESS = 's3-bucket-blocks-public-access';
const TAG = 'test-s3-bucket-has-classification-tag';

interface Counts {
  counts: Record<string, number>;
  notifications: Array<{ kind: string; finding: { ruleId: string } }>;
}

/**
 * The terminal notifier, failing the first time it is asked to post one rule's finding (of `kind`,
 * when given).
 */
class FailsOnceFor implements WorkflowNotifier {
  readonly delivered: string[] = [];
  private failed = false;
  constructor(
    private readonly inner: WorkflowNotifier,
    private readonly ruleId: string,
    private readonly kind?: FindingNotification['kind'],
  ) {}
  async notify(notifications: readonly FindingNotification[]) {
    const fails = (n: FindingNotification) =>
      n.finding.ruleId === this.ruleId && (!this.kind || n.kind === this.kind);
    if (!this.failed && notifications.some(fails)) {
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

/**
 * EventBridge redelivers the bucket event after a replay that finished the job: nothing is owed, so
 * nothing is sent and no second remediation starts; the one dead letter stays the only one.
 */
async function expectNothingOwedOnRedelivery(runtime: LocalRuntime) {
  const again = await runtime.triage(bucketEvent({ id: 'redelivered' }));
  await runtime.settle();
  const output = (again as { output: Counts }).output;
  expect(output.notifications).toEqual([]);
  expect(output.counts).toMatchObject({ unchanged: 2, owed: 0 });
  expect(runtime.remediations).toHaveLength(1);
  expect(runtime.deadLetters.messages).toHaveLength(1);
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

    // Act and Assess: once more, later (EventBridge redelivers it): everything was delivered
    clock += 10 * 60_000;
    await expectNothingOwedOnRedelivery(runtime);
    expect(notifier.delivered).toHaveLength(2);
  });
});

describe('triage: a resolution whose notification failed is not lost', () => {
  it('Notify of a resolution fails -> dead-lettered; replaying the event posts that resolution once', async () => {
    // Prepare: both findings opened and posted; the remediation was rejected
    const notifier = new FailsOnceFor(new TerminalNotifier(captureOutput()), PUBLIC_ACCESS, 'resolved');
    let clock = Date.parse('2026-11-18T10:00:00Z');
    const { runtime } = testRuntime({
      notifier,
      approver: () => 'rejected' as const,
      now: () => new Date(clock),
      notifyMinSeverity: 'info',
    });
    expect((await runtime.triage(bucketEvent())).status).toBe('SUCCEEDED');
    await runtime.settle();

    // Act: the bucket is fixed; the resolution of one finding cannot be posted
    clock += 60 * 60_000;
    const fixed = await runtime.triage(bucketEvent({ compliant: true, id: 'fixed' }));
    await runtime.settle();

    // Assess
    expect(fixed).toMatchObject({ status: 'FAILED', error: 'NotificationFailed' });
    expect(runtime.deadLetters.messages).toHaveLength(1);
    const letter = runtime.deadLetters.messages[0]!.body as { item: { kind: string } };
    expect(letter.item.kind).toBe('resolved');
    expect(notifier.delivered).toEqual([`opened ${PUBLIC_ACCESS}`, `opened ${TAG}`, `resolved ${TAG}`]);

    // Act: the operator redrives the dead letter 10 minutes later
    clock += 10 * 60_000;
    const replay = await runtime.triage(bucketEvent({ compliant: true, id: 'fixed' }));
    await runtime.settle();

    // Assess: only the resolution nobody heard about is posted; no remediation starts for it
    expect(replay.status).toBe('SUCCEEDED');
    const output = (replay as { output: Counts }).output;
    expect(output.counts).toMatchObject({ resolved: 0, unchanged: 2, owed: 1 });
    expect(output.notifications.map((n) => `${n.kind} ${n.finding.ruleId}`)).toEqual([
      `resolved ${PUBLIC_ACCESS}`,
    ]);
    expect(notifier.delivered.slice(3)).toEqual([`resolved ${PUBLIC_ACCESS}`]);
    expect(runtime.remediations).toHaveLength(1);

    // Act and Assess: EventBridge redelivers it later: nothing is owed any more
    clock += 10 * 60_000;
    const again = await runtime.triage(bucketEvent({ compliant: true, id: 'redelivered' }));
    await runtime.settle();
    expect((again as { output: Counts }).output.notifications).toEqual([]);
    expect((again as { output: Counts }).output.counts).toMatchObject({ unchanged: 2, owed: 0 });
    expect(notifier.delivered).toHaveLength(4);
    expect(runtime.deadLetters.messages).toHaveLength(1);
  });
});

/** The local StartExecution, failing the first time (after Notify delivered: the defect's case). */
class StartFailsOnce extends MemoryStore {
  readonly attempts: string[] = [];
  override startExecution(name: string): boolean {
    this.attempts.push(name);
    if (this.attempts.length === 1) {
      const error = new Error('too many running executions'); // not retried: straight to Catch
      error.name = 'StepFunctions.ExecutionLimitExceededException';
      throw error;
    }
    return super.startExecution(name);
  }
}

describe('triage: a remediation whose start failed is not lost', () => {
  it('StartRemediation fails after Notify delivered -> dead-lettered; a replay starts it once and posts nothing twice', async () => {
    // Prepare
    const store = new StartFailsOnce();
    const approver = vi.fn(() => 'rejected' as const);
    let clock = Date.parse('2026-11-18T10:00:00Z');
    const { runtime, out } = testRuntime({ store, approver, now: () => new Date(clock) });
    // The footer line of the finding's post (the approval request and the outcome name it too).
    const posts = () => out.text().split(`${PUBLIC_ACCESS} · seed`).length - 1;

    // Act: Notify delivers, then StartRemediation fails
    const first = await runtime.triage(bucketEvent());
    await runtime.settle();

    // Assess
    expect(first).toMatchObject({ status: 'FAILED', error: 'NotificationFailed' });
    expect(runtime.deadLetters.messages).toHaveLength(1);
    const letter = runtime.deadLetters.messages[0]!.body as { item: { kind: string; findingId: string } };
    expect(letter.item.kind).toBe('opened');
    expect(runtime.remediations).toHaveLength(0);
    const printed = posts();
    expect(printed).toBe(1);
    const finding = await store.findings.get(letter.item.findingId);
    expect(finding!.notice).toMatchObject({ kind: 'opened', delivered: true });
    expect(finding!.notice!.remediationStarted).toBeUndefined();

    // Act: the operator redrives the dead letter (the same event again) 10 minutes later
    clock += 10 * 60_000;
    const replay = await runtime.triage(bucketEvent());
    await runtime.settle();

    // Assess: the same notification is owed again, its post is not repeated, the remediation
    // starts under the same execution name, and Plan marks it started
    expect(replay.status).toBe('SUCCEEDED');
    const output = (replay as { output: Counts }).output;
    expect(output.counts).toMatchObject({ opened: 0, unchanged: 2, owed: 1 });
    expect(output.notifications.map((n) => `${n.kind} ${n.finding.ruleId}`)).toEqual([
      `opened ${PUBLIC_ACCESS}`,
    ]);
    expect(posts()).toBe(printed);
    expect(store.attempts).toHaveLength(2);
    expect(store.attempts[1]).toBe(store.attempts[0]);
    expect(runtime.remediations).toHaveLength(1);
    expect(runtime.remediations[0]!.status).toBe('SUCCEEDED');
    expect(approver).toHaveBeenCalledTimes(1);
    expect((await store.findings.get(finding!.id))!.notice).toMatchObject({ remediationStarted: true });

    // Act and Assess: once more, later (EventBridge redelivers it): nothing is owed any more
    clock += 10 * 60_000;
    await expectNothingOwedOnRedelivery(runtime);
    expect(store.attempts).toHaveLength(2);
    expect(posts()).toBe(printed);
  });
});

describe('triage: SNS + Slack, Slack rate limited twice', () => {
  const env = withSnsAndFakeSlack();

  it('the Notify retries resend only to Slack: e-mail subscribers get one message per finding', async () => {
    const { client, sns, slack } = env;
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
    const notifier = snsAndSlackNotifier(store, client, slack.url);
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
