import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../functions/adapters/slack/client';
import { SlackNotifier } from '../../functions/adapters/slack/slack-notifier';
import { parseApproverConfig } from '../../functions/approvals/approvers';
import { type InteractionDeps, processInteraction } from '../../functions/approvals/interaction';
import type { Interaction } from '../../functions/approvals/payload';
import type { Approval } from '../../functions/ports/approval-store';
import type { StoredFinding } from '../../functions/ports/findings-store';
import { MemoryApprovals, MemoryAudit, MemorySuppressions } from '../approvals/memory';
import { ACCOUNT, pendingApproval, storedFinding } from '../notifications/findings';
import { FakeSlack } from './fake-slack';
import { MemoryThreads } from './memory-findings';

/**
 * Slack reads `<!channel>` as a mention and `<url|label>` as a link in every mrkdwn string: block
 * texts, a message's top-level `text` (the notification / fallback text) and ephemeral replies. A
 * resource name (or any other string from a customer account or a Slack profile) must reach Slack
 * escaped (`&lt;` `&gt;` `&amp;`), whatever path carries it.
 */
const HOSTILE = '<!channel> <https://evil.example/login|Re-approve here>';
const ESCAPED = '&lt;!channel&gt; &lt;https://evil.example/login|Re-approve here&gt;';

/** No raw mention or disguised link; `anyLink`: no `<http` at all (texts the bot adds no links to). */
function expectInert(text: string, anyLink = true) {
  expect(text).not.toContain('<!');
  expect(text).not.toContain('<https://evil');
  if (anyLink) expect(text).not.toMatch(/<https?:/);
}

/** Every mrkdwn string of a Web API call: `text` and each mrkdwn block text / field / element. */
function mrkdwnTexts(params: Record<string, unknown>): string[] {
  const out = typeof params.text === 'string' ? [params.text] : [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(params.blocks);
  return out;
}

describe('Slack messages: a hostile resource name reaches Slack escaped', () => {
  let slack: FakeSlack;
  let store: MemoryThreads;
  beforeEach(async () => {
    slack = new FakeSlack();
    await slack.start();
    store = new MemoryThreads();
  });
  afterEach(async () => slack.stop());

  const notifier = (digestThreshold = 10) =>
    new SlackNotifier({
      client: createSlackClient('xoxb-test-token', { slackApiUrl: slack.url }),
      channel: 'C07COMPLIANCE',
      findings: store,
      accounts: { describe: async () => ({ ...ACCOUNT, name: HOSTILE }) },
      minIntervalMs: 0,
      retry: { baseBackoffMs: 5 },
      digestThreshold,
    });
  const hostileFinding = (id = 'f1', overrides: Partial<StoredFinding> = {}) => {
    const base = storedFinding();
    const f = storedFinding({
      id,
      title: `Finding ${HOSTILE}`,
      resource: { ...base.resource, id: HOSTILE, name: HOSTILE, arn: undefined },
      message: HOSTILE,
      ...overrides,
    });
    store.add(f);
    return f;
  };

  it.each<[string, (n: SlackNotifier) => Promise<void>, string[]]>([
    [
      'a new finding (card + fallback text)',
      (n) => n.notify([{ kind: 'opened', finding: hostileFinding() }]),
      ['chat.postMessage'],
    ],
    [
      'a decided fix (card update + thread reply)',
      async (n) => {
        const f = hostileFinding();
        await n.notify([{ kind: 'opened', finding: f }]);
        const posted = store.findings.get(f.id)!;
        await n.showApproval(
          posted,
          pendingApproval({ state: 'rejected', decidedBy: HOSTILE, outcome: HOSTILE }),
        );
      },
      ['chat.postMessage', 'chat.update', 'chat.postMessage'],
    ],
    [
      'a resolved finding (card update + thread reply)',
      async (n) => {
        const f = hostileFinding();
        await n.notify([{ kind: 'opened', finding: f }]);
        const posted = store.findings.get(f.id)!;
        await n.notify([
          {
            kind: 'resolved',
            finding: Object.assign({}, posted, {
              status: 'resolved' as const,
              resolvedAt: '2026-11-22T11:00:00.000Z',
              resolvedReason: { code: 'resource-deleted' as const, text: HOSTILE },
            }),
          },
        ]);
      },
      ['chat.postMessage', 'chat.update', 'chat.postMessage'],
    ],
    [
      'a digest of a burst',
      (n) =>
        n.notify(['a', 'b', 'c'].map((id) => ({ kind: 'opened' as const, finding: hostileFinding(id) }))),
      ['chat.postMessage'],
    ],
    [
      'the weekly report',
      (n) =>
        n.reportPublished({
          week: '2026-W47',
          headline: HOSTILE,
          link: 'https://bucket.s3.amazonaws.com/report.html?X-Amz-Signature=x',
          openBySeverity: { high: 1 },
        }),
      ['chat.postMessage'],
    ],
  ])('%s', async (_name, act, methods) => {
    // Act
    await act(notifier(2));
    // Assess
    expect(slack.calls.map((c) => c.method)).toEqual(methods);
    for (const call of slack.calls) {
      const fallback = call.params.text as string;
      expectInert(fallback);
      for (const text of mrkdwnTexts(call.params)) expectInert(text, false);
    }
    // The hostile text is there, escaped (shown as typed, inert).
    const texts = slack.calls.flatMap((c) => mrkdwnTexts(c.params));
    expect(texts.some((t) => t.includes('&lt;!channel&gt;'))).toBe(true);
  });
});

describe('ephemeral replies: a hostile resource name or user name reaches Slack escaped', () => {
  const APPROVER = 'U04ABCD1234';
  const NOW = new Date('2026-11-22T10:05:00.000Z');

  function setup(finding: StoredFinding, approval: Partial<Approval> = {}) {
    const approvals = new MemoryApprovals();
    const told: string[] = [];
    approvals.items.set('apr_1', {
      approvalId: 'apr_1',
      findingId: finding.id,
      remediationId: 's3-put-public-access-block',
      plan: [],
      taskToken: 'token',
      severity: 'high',
      accountId: '111122223333',
      requestedAt: '2026-11-22T10:00:00.000Z',
      expiresAt: '2026-11-23T10:00:00.000Z',
      ...approval,
    });
    const deps: InteractionDeps = {
      approvals,
      findings: {
        get: async (id) => (id === finding.id ? finding : undefined),
        acknowledge: async () => undefined,
        markNotified: async () => {},
      },
      suppressions: new MemorySuppressions(),
      audit: new MemoryAudit(),
      callbacks: { succeed: async () => {}, fail: async () => {} },
      slack: {
        tellUser: async (_i, text) => {
          told.push(text);
        },
        showApproval: async () => {},
      },
      approvers: parseApproverConfig({ bySeverity: { high: [APPROVER] }, byAccount: {} }),
      now: () => NOW,
    };
    return { deps, told };
  }

  const deleted = storedFinding({
    resource: {
      type: 'AWS::S3::Bucket',
      id: HOSTILE,
      name: HOSTILE,
      accountId: '111122223333',
      region: 'eu-west-1',
    },
    status: 'resolved',
    resolvedAt: '2026-11-22T10:03:00.000Z',
    resolvedReason: { code: 'resource-deleted', text: HOSTILE },
  });
  const oneOff = storedFinding({
    source: 'cloudtrail',
    remediation: undefined,
    resource: { type: 'AWS::IAM::User', id: 'u', accountId: HOSTILE, region: 'global' },
  });
  const approve = (user = APPROVER): Interaction => ({
    action: { kind: 'approve', approvalId: 'apr_1' },
    user: { id: user, name: 'sam.rivera' },
    channelId: 'C07COMPLIANCE',
  });

  it.each<[string, StoredFinding, Partial<Approval>, Interaction, string]>([
    ['withdrawn: the deleted resource’s name and Config’s reason', deleted, {}, approve(), 'cancelled'],
    [
      'not allowed: the account id of the stored request',
      storedFinding(),
      { accountId: HOSTILE },
      approve('U0OTHER'),
      'not-allowed',
    ],
    [
      'already decided: the decider’s Slack name',
      storedFinding(),
      { decision: 'approved', decidedBy: HOSTILE, decidedAt: '2026-11-22T10:04:00.000Z' },
      approve(),
      'already-decided',
    ],
    [
      'acknowledge not allowed: the finding’s account id',
      oneOff,
      {},
      { action: { kind: 'acknowledge', findingId: oneOff.id }, user: { id: 'U0OTHER', name: 'x' } },
      'not-allowed',
    ],
  ])('%s', async (_name, finding, approval, interaction, kind) => {
    // Prepare
    const { deps, told } = setup(finding, approval);
    // Act
    const outcome = await processInteraction(deps, interaction);
    // Assess
    expect(outcome.kind).toBe(kind);
    expect(told).toEqual([outcome.message]);
    expectInert(outcome.message);
    expect(outcome.message).toContain(ESCAPED);
  });
});
