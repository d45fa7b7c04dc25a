import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DescribeSecurityGroupRulesCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsRemediationExecutor } from '../../functions/adapters/aws/remediation-executor';
import { AwsRemediationReader } from '../../functions/adapters/aws/remediation-reader';
import { FixtureConfigItemSource } from '../../functions/adapters/local/fixture-config-items';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { createSlackClient } from '../../functions/adapters/slack/client';
import { SlackInteractionResponder } from '../../functions/adapters/slack/interaction-slack';
import { SlackNotifier } from '../../functions/adapters/slack/slack-notifier';
import { parseApproverConfig } from '../../functions/approvals/approvers';
import { signSlackRequest } from '../../functions/approvals/verify';
import { catalogVerifier } from '../../functions/handlers/verify/handler';
import { LocalRuntime } from '../../functions/local/runtime';
import { ACKNOWLEDGE_ACTION_ID } from '../../functions/notifications/acknowledge-block';
import { ACTION_IDS } from '../../functions/notifications/slack-message';
import type { AuditRecord } from '../../functions/ports/audit-log';
import type { ApprovalRequest } from '../../functions/ports/notifier';
import { RuleBook } from '../../functions/rulebook/engine';
import { remediationReadActions } from '../../functions/rulebook/remediations/index';
import { FakeSlack } from '../slack/fake-slack';
import { MemoryReportStore } from '../workflow/support';

const ROOT = join(__dirname, '..', '..');
const EVENT = JSON.parse(
  readFileSync(
    join(ROOT, 'test', 'fixtures', 'events', 'cloudtrail-authorizesecuritygroupingress.json'),
    'utf8',
  ),
);
const SECRET = 'e2e-signing-secret';
const CHANNEL = 'C0SECURITY1';
const APPROVER = { id: 'U012AB3CDE', name: 'sam.rivera' };

const sts = mockClient(STSClient);
const ec2 = mockClient(EC2Client);
let slack: FakeSlack;

beforeAll(async () => {
  slack = new FakeSlack();
  await slack.start();
});
afterAll(() => slack.stop());

beforeEach(() => {
  slack.calls.length = 0;
  sts.reset();
  ec2.reset();
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIAEXAMPLE',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date('2030-01-01T00:00:00Z'),
    },
  });
  ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
  ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [] });
});

const runtimes: LocalRuntime[] = [];
afterEach(() => {
  for (const r of runtimes.splice(0)) r.stop();
});

function setup(options: { approvalTimeoutSeconds?: number } = {}) {
  const store = new MemoryStore();
  const notifier = new SlackNotifier({
    client: createSlackClient('xoxb-e2e-token', { slackApiUrl: slack.url }),
    channel: CHANNEL,
    findings: store.findings,
    minIntervalMs: 0,
    retry: { baseBackoffMs: 5 },
  });
  const executor = new AwsRemediationExecutor({
    roleName: 'compliance-bot-remediation',
    sts: new STSClient({}),
  });
  // Verify reads through the read-only role, as the deployed Verify does: the write executor runs
  // only the catalog's writes.
  const reader = new AwsRemediationReader({
    roleName: 'compliance-bot-remediation-read',
    readActions: remediationReadActions(),
    sts: new STSClient({}),
  });
  const requests: ApprovalRequest[] = [];
  const runtime = new LocalRuntime({
    store,
    notifier,
    executor,
    configItems: new FixtureConfigItemSource([]),
    reports: new MemoryReportStore(),
    book: new RuleBook(),
    verifier: catalogVerifier(reader),
    interactionSlack: new SlackInteractionResponder(notifier),
    approvers: parseApproverConfig({ default: [APPROVER.id] }),
    signingSecret: SECRET,
    approver: (request) => {
      requests.push(request);
      return undefined;
    },
    root: ROOT,
    ...options,
  });
  runtimes.push(runtime);
  return { store, runtime, requests };
}

const GROUP = 'sg-0a1b2c3d4e5f60718';
/** The two rules this AuthorizeSecurityGroupIngress created (responseElements.securityGroupRuleSet). */
const OPENED_RULES = ['sgr-0f1e2d3c4b5a69788', 'sgr-0a9b8c7d6e5f43210'];

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Button {
  action_id: string;
  value?: string;
}

/** Every button of a Slack call's blocks. */
function buttons(params: Record<string, unknown>): Button[] {
  const blocks = (params.blocks ?? []) as Array<{ type: string; elements?: Button[] }>;
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

/** The message the approver sees with Approve / Reject for this approval (the last one posted). */
function approvalCard(approvalId: string) {
  return slack.calls
    .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
    .filter((c) =>
      buttons(c.params).some((b) => b.action_id === ACTION_IDS.approve && b.value === approvalId),
    )
    .at(-1);
}

/** A click on the card, exactly as Slack sends it: a signed form POST with a block_actions payload. */
function click(kind: 'approve' | 'reject', approvalId: string, messageTs: string, user = APPROVER) {
  const payload = {
    type: 'block_actions',
    user: { id: user.id, username: user.name, team_id: 'T0TEAM0001' },
    team: { id: 'T0TEAM0001' },
    channel: { id: CHANNEL, name: 'security-alerts' },
    container: { type: 'message', channel_id: CHANNEL, message_ts: messageTs },
    message: { ts: messageTs },
    actions: [
      { action_id: ACTION_IDS[kind], block_id: 'approval_actions', type: 'button', value: approvalId },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return { headers: signSlackRequest(body, SECRET, Math.floor(Date.now() / 1000)), body };
}

async function auditActions(store: MemoryStore): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for await (const r of store.audit.list({ from: '2000-01-01', to: '2100-01-01' })) records.push(r);
  return records;
}

/** Triage of the fixture event, then the approval card posted to (fake) Slack. */
async function triageToApprovalCard(t: ReturnType<typeof setup>) {
  const triage = await t.runtime.triage(EVENT);
  expect(triage.status).toBe('SUCCEEDED');
  const request = await waitFor('the approval request', () => t.requests[0]);
  expect(request.finding).toMatchObject({
    ruleId: 'ec2-security-group-opened-to-world',
    remediation: 'ec2-revoke-world-open-ingress',
    resource: { id: GROUP, accountId: '111122223333', region: 'eu-west-1' },
  });
  // The dry-run plan shown to the approver: revoke exactly the rules this event opened.
  expect(request.plan.calls).toEqual([
    {
      service: 'EC2',
      operation: 'RevokeSecurityGroupIngress',
      input: { GroupId: GROUP, SecurityGroupRuleIds: OPENED_RULES },
      iamAction: 'ec2:RevokeSecurityGroupIngress',
    },
  ]);
  const card = await waitFor('the Slack approval card', () => approvalCard(request.approvalId));
  expect(card.params.channel).toBe(CHANNEL);
  expect(buttons(card.params).map((b) => b.action_id)).toEqual(
    expect.arrayContaining([ACTION_IDS.approve, ACTION_IDS.reject]),
  );
  const messageTs = String(
    card.params.ts ?? slack.calls.find((c) => c.method === 'chat.postMessage')!.params.ts,
  );
  return { approvalId: request.approvalId, messageTs, cardIndex: slack.calls.indexOf(card) };
}

/**
 * The same security group opened again, now on RDP with other rule ids: the finding changes, and
 * its remediation (a new execution, a new approval) starts while the first one still waits.
 */
function rdpOpening() {
  const event = structuredClone(EVENT);
  event.id = 'e9f8a7b6-c5d4-4e3f-9a1b-0c2d3e4f5a6b';
  for (const p of event.detail.requestParameters.ipPermissions.items)
    Object.assign(p, { fromPort: 3389, toPort: 3389 });
  for (const [i, r] of event.detail.responseElements.securityGroupRuleSet.items.entries())
    Object.assign(r, { fromPort: 3389, toPort: 3389, securityGroupRuleId: `sgr-0rdp00000000000${i}` });
  return event;
}

/** Every write of the finding's message (the card): its first post and its in-place updates. */
function cardWrites(messageTs: string) {
  return slack.calls.filter(
    (c) =>
      (c.method === 'chat.update' && c.params.ts === messageTs) ||
      (c.method === 'chat.postMessage' && !c.params.thread_ts),
  );
}

describe('approval flow end to end (real ASL + handlers, fake Slack Web API, mocked EC2 / STS)', () => {
  it('approve: the EC2 rule is revoked, verified, the Slack card updated and every step audited', async () => {
    const t = setup();
    const { approvalId, messageTs, cardIndex } = await triageToApprovalCard(t);
    expect(ec2.calls()).toHaveLength(0);

    const reply = await t.runtime.interact(click('approve', approvalId, messageTs));
    expect(reply.statusCode).toBe(200);
    expect(reply.outcome?.kind).toBe('approved');
    await t.runtime.settle();

    const [outcome] = t.runtime.remediations;
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', output: { decision: 'approved' } });
    expect((outcome as { output: { verification: unknown } }).output.verification).toMatchObject({
      status: 'pass',
    });

    // Exactly one change in the member account: the two world-open SSH rules, nothing else.
    const revokes = ec2.commandCalls(RevokeSecurityGroupIngressCommand);
    expect(revokes).toHaveLength(1);
    expect(revokes[0]!.args[0].input).toEqual({ GroupId: GROUP, SecurityGroupRuleIds: OPENED_RULES });
    expect(ec2.commandCalls(DescribeSecurityGroupRulesCommand)).toHaveLength(1);
    const assumed = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    expect(assumed.map((input) => input.RoleArn).sort()).toEqual([
      'arn:aws:iam::111122223333:role/compliance-bot-remediation',
      'arn:aws:iam::111122223333:role/compliance-bot-remediation-read',
    ]);
    for (const input of assumed) expect(input.RoleSessionName).toBe(`compliance-bot-${approvalId}`);

    // The card was updated in place after the click: decided by the approver, no buttons left.
    const updates = slack.calls.slice(cardIndex + 1).filter((c) => c.method === 'chat.update');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.every((u) => u.params.ts === messageTs)).toBe(true);
    for (const u of updates) {
      expect(buttons(u.params).filter((b) => b.action_id === ACTION_IDS.approve)).toHaveLength(0);
    }
    expect(updates.some((u) => JSON.stringify(u.params.blocks).includes(APPROVER.name))).toBe(true);
    // …and finally shows the verified outcome.
    expect(JSON.stringify(updates.at(-1)!.params.blocks)).toContain(
      'No offending world-open ingress rule remains',
    );

    const audit = await auditActions(t.store);
    expect(audit.map((r) => r.action)).toEqual(['approval-requested', 'approved', 'remediated', 'verified']);
    expect(audit[1]).toMatchObject({ actor: `slack:${APPROVER.id} (${APPROVER.name})`, approvalId });
    expect(audit[3]!.outcome).toMatch(/^pass: /);
  });

  it('reject: no EC2 call, the card says rejected, the rejection is audited', async () => {
    const t = setup();
    const { approvalId, messageTs, cardIndex } = await triageToApprovalCard(t);
    const reply = await t.runtime.interact(click('reject', approvalId, messageTs));
    expect(reply.outcome?.kind).toBe('rejected');
    await t.runtime.settle();

    expect(t.runtime.remediations[0]).toMatchObject({
      status: 'SUCCEEDED',
      output: { decision: 'rejected' },
    });
    expect(ec2.calls()).toHaveLength(0);
    expect(sts.calls()).toHaveLength(0);
    const updates = slack.calls.slice(cardIndex + 1).filter((c) => c.method === 'chat.update');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(buttons(updates.at(-1)!.params).filter((b) => b.action_id === ACTION_IDS.approve)).toHaveLength(0);
    expect((await auditActions(t.store)).map((r) => r.action)).toEqual(['approval-requested', 'rejected']);
  });

  it('a user who is not an approver cannot approve; nothing runs', async () => {
    const t = setup({ approvalTimeoutSeconds: 2 });
    const { approvalId, messageTs } = await triageToApprovalCard(t);
    const reply = await t.runtime.interact(
      click('approve', approvalId, messageTs, { id: 'U0INTRUDER1', name: 'mallory' }),
    );
    expect(reply.outcome?.kind).toBe('not-allowed');
    await t.runtime.settle();
    expect(t.runtime.remediations[0]).toMatchObject({ output: { decision: 'expired' } });
    expect(ec2.calls()).toHaveLength(0);
  });

  it('a forged click (wrong signing secret) is refused with 401', async () => {
    const t = setup({ approvalTimeoutSeconds: 1 });
    const { approvalId, messageTs } = await triageToApprovalCard(t);
    const forged = click('approve', approvalId, messageTs);
    forged.headers = signSlackRequest(forged.body, 'not-the-secret', Math.floor(Date.now() / 1000));
    expect((await t.runtime.interact(forged)).statusCode).toBe(401);
    await t.runtime.settle();
    expect(ec2.calls()).toHaveLength(0);
  });

  it('an older request that expires leaves the card of a newer pending request alone: its Approve button stays, the outcome goes in the thread', async () => {
    // Prepare: the first request is pending; the finding changes and a second request is posted
    const t = setup({ approvalTimeoutSeconds: 3 });
    const first = await triageToApprovalCard(t);
    await new Promise((r) => setTimeout(r, 1000)); // the second request expires a second later
    expect((await t.runtime.triage(rdpOpening())).status).toBe('SUCCEEDED');
    const second = await waitFor('the second approval request', () => t.requests[1]);
    expect(second.approvalId).not.toBe(first.approvalId);
    await waitFor('the second card', () => approvalCard(second.approvalId));
    expect(t.runtime.remediations).toEqual([]); // both still wait
    const before = slack.calls.length;

    // Act: the first request expires while the second still waits
    const ended = await waitFor('the first remediation to end', () => t.runtime.remediations[0]);

    // Assess: the first ended as expired; the message still offers the second request's buttons
    expect(ended).toMatchObject({ output: { decision: 'expired', approvalId: first.approvalId } });
    expect((await t.store.approvals.get(second.approvalId))?.decision).toBeUndefined();
    const card = cardWrites(first.messageTs).at(-1)!;
    expect(buttons(card.params)).toContainEqual(
      expect.objectContaining({ action_id: ACTION_IDS.approve, value: second.approvalId }),
    );
    // …and the first request's expiry is told in the finding's thread
    const replies = slack.calls
      .slice(before)
      .filter((c) => c.method === 'chat.postMessage' && c.params.thread_ts === first.messageTs);
    expect(replies.map((c) => String(c.params.text))).toEqual([expect.stringContaining('expired')]);

    // Act and Assess: the second request expires in turn: now its own outcome takes the buttons away
    await t.runtime.settle();
    expect(t.runtime.remediations[1]).toMatchObject({
      output: { decision: 'expired', approvalId: second.approvalId },
    });
    // …leaving only the Acknowledge button of a one-off (activity) finding that stays open.
    expect(buttons(cardWrites(first.messageTs).at(-1)!.params).map((b) => b.action_id)).toEqual([
      ACKNOWLEDGE_ACTION_ID,
    ]);
    expect(ec2.calls()).toHaveLength(0);
  });

  it('timeout: nobody clicks, the request expires, no EC2 call, a late click changes nothing', async () => {
    const t = setup({ approvalTimeoutSeconds: 1 });
    const { approvalId, messageTs } = await triageToApprovalCard(t);
    await t.runtime.settle();

    expect(t.runtime.remediations[0]).toMatchObject({
      status: 'SUCCEEDED',
      output: { decision: 'expired', error: { Error: 'States.Timeout' } },
    });
    expect((await t.store.approvals.get(approvalId))?.decision).toBe('expired');
    expect((await auditActions(t.store)).map((r) => r.action)).toEqual(['approval-requested', 'expired']);

    const late = await t.runtime.interact(click('approve', approvalId, messageTs));
    expect(late.outcome?.kind).toBe('already-decided');
    expect(ec2.calls()).toHaveLength(0);
    expect(sts.calls()).toHaveLength(0);
  });
});
