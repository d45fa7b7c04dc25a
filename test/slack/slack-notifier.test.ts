import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSlackClient } from '../../functions/adapters/slack/client';
import {
  SlackApiError,
  SlackRateLimitedError,
  SlackUnavailableError,
} from '../../functions/adapters/slack/errors';
import { SlackNotifier, type SlackNotifierOptions } from '../../functions/adapters/slack/slack-notifier';
import type { StoredFinding } from '../../functions/ports/findings-store';
import type { FindingNotification } from '../../functions/ports/notifier';
import type { Severity } from '../../functions/rulebook/model/severity';
import { ACCOUNT, pendingApproval, storedFinding } from '../notifications/findings';
import { FakeSlack } from './fake-slack';
import { MemoryThreads } from './memory-findings';

let slack: FakeSlack;
let store: MemoryThreads;

beforeEach(async () => {
  slack = new FakeSlack();
  await slack.start();
  store = new MemoryThreads();
});
afterEach(async () => {
  await slack.stop();
});

function notifier(options: Partial<SlackNotifierOptions> = {}) {
  return new SlackNotifier({
    client: createSlackClient('xoxb-test-token', { slackApiUrl: slack.url }),
    channel: 'C07COMPLIANCE',
    findings: store,
    accounts: { describe: async () => ACCOUNT },
    minIntervalMs: 0,
    retry: { baseBackoffMs: 5 },
    ...options,
  });
}

function finding(id: string, overrides: Partial<StoredFinding> = {}) {
  const f = storedFinding({ id, title: `Finding ${id}`, ...overrides });
  store.add(f);
  return f;
}

const opened = (f: StoredFinding): FindingNotification => ({ kind: 'opened', finding: f });
const methods = () => slack.calls.map((c) => c.method);

describe('SlackNotifier', () => {
  it('posts a new finding once and remembers its thread', async () => {
    const f = finding('f1');
    await notifier().notify([opened(f)]);
    expect(methods()).toEqual(['chat.postMessage']);
    const post = slack.calls[0]!;
    expect(post.params.channel).toBe('C07COMPLIANCE');
    expect((post.params.blocks as Array<{ type: string }>)[0]!.type).toBe('header');
    expect(JSON.stringify(post.params.blocks)).toContain('acme-prod-workloads (111122223333), OU Production');
    expect(store.findings.get('f1')!.slack).toEqual({
      channel: 'C07COMPLIANCE',
      ts: '1767000000.000001',
      lastNotification: 'f1|fp-1|opened|',
    });
  });

  it('is idempotent per (finding, fingerprint, kind), also across instances and within a batch', async () => {
    const f = finding('f1');
    await notifier().notify([opened(f), opened(f)]);
    await notifier().notify([opened(store.findings.get('f1')!)]);
    expect(methods()).toEqual(['chat.postMessage']);
  });

  it('updates a changed finding in place and replies in its thread saying what changed', async () => {
    const f = finding('f1');
    await notifier().notify([opened(f)]);
    const changed = {
      ...store.findings.get('f1')!,
      fingerprint: 'fp-2',
      severity: 'critical' as Severity,
      message: 'Now public',
    };
    await notifier().notify([{ kind: 'changed', finding: changed }]);
    expect(methods()).toEqual(['chat.postMessage', 'chat.update', 'chat.postMessage']);
    expect(slack.calls[1]!.params).toMatchObject({ channel: 'C07COMPLIANCE', ts: '1767000000.000001' });
    expect(JSON.stringify(slack.calls[1]!.params.blocks)).toContain(':rotating_light: CRITICAL');
    expect(slack.calls[2]!.params).toMatchObject({
      thread_ts: '1767000000.000001',
      text: 'Changed (CRITICAL): Now public',
    });
  });

  it('renders a resolution as resolved in place, with a reply', async () => {
    const f = finding('f1');
    await notifier().notify([opened(f)]);
    const resolved = {
      ...store.findings.get('f1')!,
      status: 'resolved' as const,
      resolvedAt: '2026-11-22T12:00:00.000Z',
    };
    await notifier().notify([{ kind: 'resolved', finding: resolved }]);
    expect(methods()).toEqual(['chat.postMessage', 'chat.update', 'chat.postMessage']);
    expect(String(slack.calls[1]!.params.text)).toMatch(/^Resolved: /);
    expect(String(slack.calls[2]!.params.text)).toMatch(/^Resolved at \S+: the check passes again/);
  });

  it('does not announce the resolution of a finding it never posted', async () => {
    await notifier().notify([{ kind: 'resolved', finding: finding('f9', { status: 'resolved' }) }]);
    expect(slack.calls).toEqual([]);
  });

  it('shows a decision on the card, replacing the buttons', async () => {
    const f = finding('f1');
    await notifier().notify([{ kind: 'opened', finding: f, approval: pendingApproval() }]);
    expect(JSON.stringify(slack.calls[0]!.params.blocks)).toContain('remediation_approve');
    await notifier().showApproval(
      store.findings.get('f1')!,
      pendingApproval({ state: 'approved', decidedBy: 'sam.rivera', decidedAt: '2026-11-22T10:05:00.000Z' }),
    );
    expect(methods()).toEqual(['chat.postMessage', 'chat.update', 'chat.postMessage']);
    expect(JSON.stringify(slack.calls[1]!.params.blocks)).not.toContain('remediation_approve');
    expect(slack.calls[2]!.params.text).toBe(
      'Remediation s3-put-public-access-block approved by sam.rivera at 2026-11-22T10:05:00.000Z.',
    );
  });

  it('waits Retry-After on HTTP 429, then delivers everything in order', async () => {
    slack.script = (_call, i) =>
      i === 1
        ? { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } }
        : undefined;
    const fs = ['a', 'b', 'c'].map((id) => finding(id));
    const started = Date.now();
    await notifier().notify(fs.map(opened));
    const posts = slack.accepted('chat.postMessage');
    expect(posts.map((c) => String(c.params.text).split(' on ')[0])).toEqual([
      'HIGH: Finding a',
      'HIGH: Finding b',
      'HIGH: Finding c',
    ]);
    expect(slack.calls).toHaveLength(4);
    expect(slack.calls[2]!.at - slack.calls[1]!.at).toBeGreaterThanOrEqual(990);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('retries HTTP 5xx with backoff', async () => {
    slack.script = (_call, i) => (i < 2 ? { status: 500, body: { ok: false } } : undefined);
    await notifier().notify([opened(finding('f1'))]);
    expect(methods()).toEqual(['chat.postMessage', 'chat.postMessage', 'chat.postMessage']);
    expect(store.findings.get('f1')!.slack?.ts).toBeDefined();
  });

  it('surfaces a lasting outage as SlackUnavailableError and loses nothing: the retry delivers only the rest', async () => {
    const fs = ['a', 'b', 'c'].map((id) => finding(id));
    slack.script = (call) =>
      String(call.params.text).includes('Finding b') ? { status: 503, body: { ok: false } } : undefined;
    await expect(notifier().notify(fs.map(opened))).rejects.toBeInstanceOf(SlackUnavailableError);
    expect(slack.accepted('chat.postMessage').map((c) => c.params.text)).toHaveLength(1);
    slack.script = () => undefined;
    await notifier().notify(fs.map((f) => opened(store.findings.get(f.id)!)));
    const delivered = slack.accepted('chat.postMessage').map((c) => String(c.params.text).split(' on ')[0]);
    expect(delivered).toEqual(['HIGH: Finding a', 'HIGH: Finding b', 'HIGH: Finding c']);
    expect([...store.findings.values()].every((f) => f.slack?.ts)).toBe(true);
  });

  it('a long Retry-After becomes SlackRateLimitedError (the state machine waits, not the Lambda)', async () => {
    slack.script = () => ({ status: 429, headers: { 'retry-after': '120' }, body: { ok: false } });
    const error = await notifier()
      .notify([opened(finding('f1'))])
      .catch((e) => e);
    expect(error).toBeInstanceOf(SlackRateLimitedError);
    expect(error).toMatchObject({ name: 'SlackRateLimitedError', retryAfterSeconds: 120 });
    expect(slack.calls).toHaveLength(1);
  });

  it('a Retry-After longer than the invocation has left throws SlackRateLimitedError without waiting', async () => {
    // Prepare: 10 s left in the Lambda invocation, Slack asks for 8 s (8 s + the 6 s reserve > 10 s).
    slack.script = (_call, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '8' }, body: { ok: false } } : undefined;
    const sleep = vi.fn(async () => {});
    // Act
    const error = await notifier({ retry: { baseBackoffMs: 5, sleep, remainingMs: () => 10_000 } })
      .notify([opened(finding('f1'))])
      .catch((e) => e);
    // Assess: no in-process wait, the Retry-After travels with the error for Step Functions to honour.
    expect(error).toBeInstanceOf(SlackRateLimitedError);
    expect(error).toMatchObject({ name: 'SlackRateLimitedError', retryAfterSeconds: 8 });
    expect(sleep).not.toHaveBeenCalled();
    expect(slack.calls).toHaveLength(1);
    expect(store.findings.get('f1')!.slack).toBeUndefined();
  });

  it('waits a Retry-After that fits in the time left, then delivers', async () => {
    slack.script = (_call, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '2' }, body: { ok: false } } : undefined;
    const sleep = vi.fn(async () => {});
    await notifier({ retry: { sleep, remainingMs: () => 10_000 } }).notify([opened(finding('f1'))]);
    expect(sleep).toHaveBeenCalledWith(2000);
    expect(slack.accepted('chat.postMessage')).toHaveLength(1);
  });

  it('does not back off from a 5xx past the time left: SlackUnavailableError at once', async () => {
    slack.script = () => ({ status: 503, body: { ok: false } });
    const sleep = vi.fn(async () => {});
    const error = await notifier({ retry: { baseBackoffMs: 500, sleep, remainingMs: () => 6_200 } })
      .notify([opened(finding('f1'))])
      .catch((e) => e);
    expect(error).toBeInstanceOf(SlackUnavailableError);
    expect(sleep).not.toHaveBeenCalled();
    expect(slack.calls).toHaveLength(1);
  });

  it('does not retry a Slack API error such as channel_not_found', async () => {
    slack.script = () => ({ body: { ok: false, error: 'channel_not_found' } });
    const sent = notifier().notify([opened(finding('f1'))]);
    await expect(sent).rejects.toBeInstanceOf(SlackApiError);
    await expect(sent).rejects.toMatchObject({
      name: 'SlackApiError',
      code: 'channel_not_found',
      message: 'Slack chat.postMessage failed: channel_not_found',
    });
    expect(slack.calls).toHaveLength(1);
  });

  it('starts a new thread when the original message was deleted', async () => {
    const f = finding('f1');
    await notifier().notify([opened(f)]);
    slack.script = (call) =>
      call.method === 'chat.update' ? { body: { ok: false, error: 'message_not_found' } } : undefined;
    await notifier().notify([
      { kind: 'changed', finding: { ...store.findings.get('f1')!, fingerprint: 'fp-2' } },
    ]);
    expect(methods()).toEqual(['chat.postMessage', 'chat.update', 'chat.postMessage']);
    expect(slack.calls[2]!.params.thread_ts).toBeUndefined();
    expect(store.findings.get('f1')!.slack?.ts).toBe('1767000000.000002');
  });

  it('turns a burst into one digest, most severe first; approval cards are still posted', async () => {
    const severities: Severity[] = ['low', 'medium', 'high', 'critical', 'info'];
    const burst = Array.from({ length: 24 }, (_, i) => finding(`f${i}`, { severity: severities[i % 5]! }));
    const card = finding('card', { severity: 'high' });
    await notifier({ digestThreshold: 10 }).notify([
      ...burst.map(opened),
      { kind: 'opened', finding: card, approval: pendingApproval() },
    ]);
    const posts = slack.accepted('chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(JSON.stringify(posts[0]!.params.blocks)).toContain('remediation_approve');
    const digest = posts[1]!;
    expect(digest.params.text).toBe('24 compliance findings');
    const sections = (digest.params.blocks as Array<{ type: string; text?: { text: string } }>)
      .filter((b) => b.type === 'section')
      .slice(1)
      .map((b) => b.text!.text.split('*')[1]);
    expect(sections.slice(0, 6)).toEqual([
      'CRITICAL',
      'CRITICAL',
      'CRITICAL',
      'CRITICAL',
      'CRITICAL',
      'HIGH',
    ]);
    expect(sections.at(-1)).toBe('MEDIUM');
    expect(JSON.stringify(digest.params.blocks)).toContain('… and 9 more');
    // Every finding of the burst is accounted for: a redelivery posts nothing new.
    expect(burst.every((f) => store.findings.get(f.id)!.slack?.digest)).toBe(true);
    await notifier({ digestThreshold: 10 }).notify(burst.map((f) => opened(store.findings.get(f.id)!)));
    expect(slack.accepted('chat.postMessage')).toHaveLength(2);
  });

  it('spaces posts in one channel by minIntervalMs', async () => {
    const fs = ['a', 'b', 'c'].map((id) => finding(id));
    await notifier({ minIntervalMs: 200 }).notify(fs.map(opened));
    const at = slack.calls.map((c) => c.at);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(190);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(190);
  });

  it('still notifies when the account directory fails', async () => {
    await notifier({ accounts: { describe: async () => Promise.reject(new Error('AccessDenied')) } }).notify([
      opened(finding('f1')),
    ]);
    expect(JSON.stringify(slack.calls[0]!.params.blocks)).toContain('*Account*\\n111122223333');
  });

  it('never sends the bot token in a message body or URL', async () => {
    await notifier().notify([opened(finding('f1'))]);
    expect(JSON.stringify(slack.calls[0]!.params)).not.toContain('xoxb-test-token');
  });
});
