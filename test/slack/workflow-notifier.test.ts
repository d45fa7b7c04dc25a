import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SnsNotifier } from '../../functions/adapters/aws/sns-notifier';
import { createSlackClient } from '../../functions/adapters/slack/client';
import { SlackRateLimitedError } from '../../functions/adapters/slack/errors';
import { SlackNotifier } from '../../functions/adapters/slack/slack-notifier';
import { createHandler as notifyHandler } from '../../functions/handlers/notify/handler';
import { outcomeState, planCalls } from '../../functions/notifications/workflow';
import type { RemediationPlan } from '../../functions/ports/remediation-executor';
import { remainingInvocationMs } from '../../functions/shared/invocation';
import { ACCOUNT, storedFinding } from '../notifications/findings';
import { FakeSlack } from './fake-slack';
import { MemoryThreads } from './memory-findings';

const finding = storedFinding();
const plan: RemediationPlan = {
  remediationId: 's3-put-public-access-block',
  summary: 'Block all public access on acme-prod-customer-exports',
  target: { accountId: '111122223333', region: 'eu-west-1' },
  calls: [
    {
      service: 'S3',
      operation: 'PutPublicAccessBlock',
      input: { Bucket: 'acme-prod-customer-exports' },
      iamAction: 's3:PutBucketPublicAccessBlock',
    },
  ],
};

let slack: FakeSlack;
let store: MemoryThreads;
beforeEach(async () => {
  slack = new FakeSlack();
  await slack.start();
  store = new MemoryThreads().add(finding);
});
afterEach(() => slack.stop());

const notifier = () =>
  new SlackNotifier({
    client: createSlackClient('xoxb-t', { slackApiUrl: slack.url }),
    channel: 'C1',
    findings: store,
    accounts: { describe: async () => ACCOUNT },
    minIntervalMs: 0,
  });

describe('WorkflowNotifier on Slack', () => {
  it('request -> outcome: one thread, card updated in place, replies say what happened', async () => {
    await notifier().notify([{ kind: 'opened', finding }]);
    await notifier().requestApproval({
      approvalId: 'apr_1',
      finding: store.findings.get(finding.id)!,
      plan,
      expiresAt: '2026-11-23T10:00:00.000Z',
    });
    await notifier().notifyOutcome({
      status: 'remediated',
      finding: store.findings.get(finding.id)!,
      approvalId: 'apr_1',
      plan,
      verification: { status: 'pass', message: 'All four Block Public Access settings are on' },
    });
    expect(slack.calls.map((c) => c.method)).toEqual([
      'chat.postMessage',
      'chat.update',
      'chat.postMessage',
      'chat.update',
      'chat.postMessage',
    ]);
    expect(JSON.stringify(slack.calls[1]!.params.blocks)).toContain('remediation_approve');
    expect(JSON.stringify(slack.calls[1]!.params.blocks)).toContain('S3.PutPublicAccessBlock');
    expect(slack.calls[2]!.params.text).toBe(
      'A fix is proposed: Block all public access on the S3 bucket. Approve or reject it above.',
    );
    expect(JSON.stringify(slack.calls[3]!.params.blocks)).not.toContain('remediation_approve');
    expect(slack.calls[4]!.params.text).toBe(
      'Remediation s3-put-public-access-block fixed and verified: All four Block Public Access settings are on.',
    );
    expect(new Set(slack.calls.slice(1).map((c) => c.params.ts ?? c.params.thread_ts))).toEqual(
      new Set(['1767000000.000001']),
    );
  });

  it("an outcome that keeps another approval's card is only a thread reply: the card and its buttons stay", async () => {
    // Prepare: the card shows the newer request apr_2
    await notifier().notify([{ kind: 'opened', finding }]);
    await notifier().requestApproval({
      approvalId: 'apr_2',
      finding: store.findings.get(finding.id)!,
      plan,
      expiresAt: '2026-11-23T10:00:00.000Z',
    });
    const before = slack.calls.length;

    // Act: the older request apr_1 expired
    await notifier().notifyOutcome({
      status: 'expired',
      finding: store.findings.get(finding.id)!,
      approvalId: 'apr_1',
      plan,
      keepCard: true,
    });

    // Assess
    const after = slack.calls.slice(before);
    expect(after.map((c) => c.method)).toEqual(['chat.postMessage']);
    expect(after[0]!.params).toMatchObject({
      thread_ts: '1767000000.000001',
      text: 'Remediation s3-put-public-access-block expired (no decision in time).',
    });
    expect(JSON.stringify(after[0]!.params.blocks)).not.toContain('remediation_approve');
  });

  it('posts the weekly report link', async () => {
    await notifier().reportPublished({
      week: '2026-W47',
      headline: 'Security score 82% (+3)',
      link: 'https://example.com/r?sig=a|b',
      openBySeverity: { critical: 1, low: 4 },
    });
    const text = JSON.stringify(slack.calls[0]!.params.blocks);
    expect(text).toContain('Open findings: 1 critical, 4 low');
    expect(text).toContain('<https://example.com/r?sig=a%7Cb|Open the report>');
  });

  it('says until when the presigned report link works, and adds the S3 console link that keeps working', async () => {
    await notifier().reportPublished({
      week: '2026-W47',
      headline: 'h',
      link: 'https://example.com/r',
      linkExpiresAt: '2026-11-23T11:29:00.000Z',
      consoleLink: 'https://s3.console.aws.amazon.com/s3/object/b?region=eu-west-1&prefix=r',
      openBySeverity: {},
    });
    const text = JSON.stringify(slack.calls[0]!.params.blocks);
    expect(text).toContain('<https://example.com/r|Open the report> (valid until 2026-11-23 11:29 UTC)');
    expect(text).toContain('|In the S3 console> (AWS sign-in)');
  });

  it('says a temporary report link is temporary, without an end time it cannot know', async () => {
    await notifier().reportPublished({
      week: '2026-W47',
      headline: 'h',
      link: 'https://example.com/r',
      linkTemporary: true,
      openBySeverity: {},
    });
    const text = JSON.stringify(slack.calls[0]!.params.blocks);
    expect(text).toContain(
      '<https://example.com/r|Open the report> (temporary: it stops working within hours)',
    );
    expect(text).not.toContain('valid until');
  });
});

describe('WorkflowNotifier on SNS', () => {
  const client = new SNSClient({ region: 'eu-west-1' });
  const sns = mockClient(client);
  beforeEach(() => sns.reset());

  it('publishes approval requests, outcomes and reports', async () => {
    const n = new SnsNotifier({ client, topicArn: 'arn:aws:sns:eu-west-1:1:t' });
    await n.requestApproval({ approvalId: 'apr_1', finding, plan, expiresAt: 'x' });
    await n.notifyOutcome({
      status: 'remediation-failed',
      finding,
      plan,
      error: { Error: 'RemediationExecutionError', Cause: 'AccessDenied' },
    });
    await n.reportPublished({
      week: '2026-W47',
      headline: 'h',
      link: 'https://l',
      linkExpiresAt: '2026-11-23T11:29:00.000Z',
      consoleLink: 'https://console',
      openBySeverity: {},
    });
    const inputs = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(inputs[0]!.Message).toContain('status    awaiting approval');
    expect(inputs[1]!.Message).toContain('status    fix failed: RemediationExecutionError: AccessDenied');
    expect(inputs[2]).toMatchObject({
      Subject: '[REPORT] Weekly compliance report 2026-W47',
      MessageAttributes: { kind: { StringValue: 'report' } },
    });
    expect(inputs[2]!.Message).toContain('Report (link valid until 2026-11-23 11:29 UTC): https://l\n');
    expect(inputs[2]!.Message).toContain('In the S3 console (AWS sign-in): https://console\n');
  });
});

describe('Slack waits inside a Lambda invocation', () => {
  const contextWith = (remainingMs: number) =>
    ({
      functionName: 'compliance-bot-notify',
      awsRequestId: 'req-1',
      getRemainingTimeInMillis: () => remainingMs,
    }) as unknown as Context;
  const handlerWith = (sleep: (ms: number) => Promise<void>) =>
    notifyHandler({
      notifier: new SlackNotifier({
        client: createSlackClient('xoxb-t', { slackApiUrl: slack.url }),
        channel: 'C1',
        findings: store,
        minIntervalMs: 0,
        // What functions/handlers/notify/index.ts passes (through workflowNotifier).
        retry: { sleep, remainingMs: remainingInvocationMs },
      }),
      findings: { markNotified: async () => {} },
    });
  const item = () => ({ correlationId: 'evt-1', kind: 'opened', finding });

  it('the handler threads its context: a Retry-After past the time left is thrown, not waited', async () => {
    // Prepare: Slack asks for 20 s; the invocation has 25 s left, less than 20 s + the call's reserve.
    slack.script = () => ({ status: 429, headers: { 'retry-after': '20' }, body: { ok: false } });
    const sleep = vi.fn(async () => {});
    // Act
    const error = await handlerWith(sleep)(item(), contextWith(25_000)).catch((e) => e);
    // Assess
    expect(error).toBeInstanceOf(SlackRateLimitedError);
    expect(error.retryAfterSeconds).toBe(20);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('with time to spare, the same Retry-After is waited in-process and the post delivered', async () => {
    slack.script = (_call, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '20' }, body: { ok: false } } : undefined;
    const sleep = vi.fn(async () => {});
    await expect(handlerWith(sleep)(item(), contextWith(29_000))).resolves.toEqual({ notified: true });
    expect(sleep).toHaveBeenCalledWith(20_000);
    expect(slack.accepted('chat.postMessage')).toHaveLength(1);
  });
});

describe('workflow helpers', () => {
  it.each([
    [{ status: 'remediated' as const }, 'remediated'],
    [{ status: 'remediated' as const, verification: { status: 'pass', message: '' } }, 'verified'],
    [{ status: 'remediated' as const, verification: { status: 'fail', message: '' } }, 'verification-failed'],
    [{ status: 'disabled' as const }, 'disabled'],
    [{ status: 'expired' as const }, 'expired'],
  ])('%o -> %s', (o, state) => {
    expect(outcomeState({ ...o, finding })).toBe(state);
  });
  it('reads calls from a RemediationPlan or a bare list', () => {
    expect(planCalls(plan)).toEqual(plan.calls);
    expect(planCalls(plan.calls)).toEqual(plan.calls);
    expect(planCalls(undefined)).toEqual([]);
  });
});
