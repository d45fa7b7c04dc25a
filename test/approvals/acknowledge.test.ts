import 'aws-sdk-client-mock-vitest/extend';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FanOutNotifier } from '../../functions/adapters/aws/fan-out-notifier';
import { SnsNotifier } from '../../functions/adapters/aws/sns-notifier';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { parseApproverConfig } from '../../functions/approvals/approvers';
import { createApprovalEndpoint } from '../../functions/approvals/endpoint';
import type { InteractionDeps, InteractionOutcome } from '../../functions/approvals/interaction';
import { parseInteraction, SlackPayloadError } from '../../functions/approvals/payload';
import { signSlackRequest } from '../../functions/approvals/verify';
import { createTask as record } from '../../functions/handlers/record/handler';
import { ACKNOWLEDGE_ACTION_ID } from '../../functions/notifications/acknowledge-block';
import type { StoredFinding } from '../../functions/ports/findings-store';
import type { FindingNotification } from '../../functions/ports/notifier';
import { evaluateSubject, RuleBook, toFinding } from '../../functions/rulebook/engine';
import type { Finding } from '../../functions/rulebook/model/finding';
import { normalizeConfigItem } from '../../functions/rulebook/normalizers/load';
import { owedNotification } from '../../functions/shared/finding-transitions';
import { logger } from '../../functions/shared/logger';
import { activityFrom } from '../support/activity-harness';
import { configItemFromEvent } from '../support/rule-harness';

const SECRET = 'signing-secret-for-tests';
const SEEN = new Date('2026-11-22T09:00:00.000Z');
const NOW = new Date('2026-11-22T10:05:00.000Z');
const SAMPLE = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/events/slack-block-actions-payload.json'), 'utf8'),
);
const APPROVER = 'U04ABCD1234'; // sam.rivera in the sample payload
const OTHER = 'U0NOTALLOWED';
const book = new RuleBook();

/** The findings of one subject, as Evaluate makes them. */
function findingsOf(subject: Parameters<typeof evaluateSubject>[0]): Finding[] {
  return evaluateSubject(subject, book, { now: SEEN }).flatMap((r) => toFinding(r, book, SEEN) ?? []);
}

/** The root console sign-in without MFA: console-signin-without-mfa (critical) and root-user-activity. */
const rootSignIn = () => findingsOf(activityFrom('events/cloudtrail-consolelogin-root-nomfa.json'));
const signInWithoutMfa = () => rootSignIn().find((f) => f.ruleId === 'console-signin-without-mfa')!;

function clickBody(findingId: string, userId = APPROVER) {
  const body = {
    ...SAMPLE,
    user: { ...SAMPLE.user, id: userId },
    actions: [
      {
        action_id: ACKNOWLEDGE_ACTION_ID,
        block_id: 'acknowledge_actions',
        type: 'button',
        value: findingId,
        text: { type: 'plain_text', text: 'Acknowledge', emoji: true },
        action_ts: '1749547391.502117',
      },
    ],
  };
  return `payload=${encodeURIComponent(JSON.stringify(body))}`;
}

const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:compliance-findings';
const sns = mockClient(SNSClient);

let store: MemoryStore;
let told: string[];
/** What reached the Slack channel of the resolutions notifier (the card, updated to resolved). */
let shown: StoredFinding[];
let outcomes: InteractionOutcome[];
let endpoint: ReturnType<typeof createApprovalEndpoint>;
/** Every channel Notify posts a resolution to: SNS (the real notifier, mocked client) and Slack. */
let notifier: FanOutNotifier;

beforeEach(() => {
  store = new MemoryStore();
  told = [];
  shown = [];
  outcomes = [];
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  const slackChannel = {
    notify: async (ns: readonly FindingNotification[]) => void shown.push(...ns.map((n) => n.finding)),
  };
  notifier = new FanOutNotifier(
    { sns: new SnsNotifier(sns as unknown as SNSClient, TOPIC), slack: slackChannel as never },
    { deliveries: store.deliveries, now: () => NOW },
  );
  const deps: InteractionDeps = {
    approvals: store.approvals,
    findings: store.findings,
    suppressions: store.suppressions,
    audit: store.audit,
    callbacks: {
      succeed: async () => {
        throw new Error('no workflow waits on an acknowledgement');
      },
      fail: async () => {
        throw new Error('no workflow waits on an acknowledgement');
      },
    },
    slack: {
      tellUser: async (_i, text) => void told.push(text),
      showApproval: async () => {
        throw new Error('an acknowledgement shows no approval');
      },
    },
    notifier,
    approvers: parseApproverConfig({ bySeverity: { critical: [APPROVER], high: [APPROVER] } }),
    now: () => NOW,
  };
  endpoint = createApprovalEndpoint({
    deps,
    signingSecret: async () => SECRET,
    onOutcome: (o) => void outcomes.push(o),
  });
});

afterEach(() => vi.restoreAllMocks());

async function click(findingId: string, userId = APPROVER) {
  const body = clickBody(findingId, userId);
  const headers = signSlackRequest(body, SECRET, Math.floor(NOW.getTime() / 1000));
  const response = await endpoint({ body, headers });
  return { response, outcome: outcomes.at(-1) };
}

async function auditRecords() {
  const out = [];
  for await (const r of store.audit.list({ from: '2000-01-01', to: '2100-01-01' })) out.push(r);
  return out;
}

describe('Acknowledge button (signed Slack click through the approval endpoint)', () => {
  it('an allowed user closes a one-off finding once: resolved with who and when, card updated, audited, told', async () => {
    // Prepare
    const finding = signInWithoutMfa();
    await store.findings.record([finding], [], SEEN);
    // Act
    const { response, outcome } = await click(finding.id);
    // Assess
    expect(response.statusCode).toBe(200);
    expect(outcome?.kind).toBe('acknowledged');
    const stored = await store.findings.get(finding.id);
    expect(stored).toMatchObject({
      status: 'resolved',
      resolvedAt: NOW.toISOString(),
      acknowledged: { by: 'sam.rivera', slackUserId: APPROVER, at: NOW.toISOString() },
      notice: { kind: 'resolved', at: NOW.toISOString() },
    });
    expect(shown.map((f) => [f.id, f.status])).toEqual([[finding.id, 'resolved']]);
    expect(await auditRecords()).toEqual([
      {
        at: NOW.toISOString(),
        actor: `slack:${APPROVER} (sam.rivera)`,
        action: 'acknowledged',
        findingId: finding.id,
        outcome: `acknowledged by <@${APPROVER}>`,
        accountId: '111122223333',
      },
    ]);
    expect(told).toEqual([expect.stringMatching(/^Acknowledged: the finding is closed in your name/)]);
  });

  it('a second click says it is already acknowledged, by whom, and changes nothing', async () => {
    // Prepare
    const finding = signInWithoutMfa();
    await store.findings.record([finding], [], SEEN);
    await click(finding.id);
    // Act
    const { outcome } = await click(finding.id);
    // Assess
    expect(outcome?.kind).toBe('already-acknowledged');
    expect(outcome?.message).toBe(
      `This finding was already acknowledged by <@${APPROVER}> at ${NOW.toISOString()}. Nothing more was changed.`,
    );
    expect(await auditRecords()).toHaveLength(1);
    expect(shown).toHaveLength(1);
  });

  it('a user who may not approve the finding severity is refused, as for a fix', async () => {
    // Prepare
    const finding = signInWithoutMfa();
    await store.findings.record([finding], [], SEEN);
    // Act
    const { response, outcome } = await click(finding.id, OTHER);
    // Assess
    expect(response.statusCode).toBe(200);
    expect(outcome).toEqual({
      kind: 'not-allowed',
      message:
        'You are not allowed to acknowledge critical findings in account 111122223333. Nothing was changed.',
    });
    expect((await store.findings.get(finding.id))?.status).toBe('open');
    expect(await auditRecords()).toEqual([]);
    expect(shown).toEqual([]);
  });

  it('a state finding (its check can pass again) cannot be acknowledged', async () => {
    // Prepare
    const bucket = normalizeConfigItem(configItemFromEvent('events/config-ci-s3-bucket.json'));
    const [finding] = findingsOf(bucket);
    await store.findings.record([finding!], [], SEEN);
    // Act
    const { outcome } = await click(finding!.id);
    // Assess
    expect(outcome?.kind).toBe('not-acknowledgeable');
    expect((await store.findings.get(finding!.id))?.status).toBe('open');
    expect(await auditRecords()).toEqual([]);
  });

  it('an unknown finding id changes nothing', async () => {
    const { outcome } = await click('0123456789abcdef01234567');
    expect(outcome?.kind).toBe('unknown-finding');
  });

  it('the same activity again (a new root sign-in) reopens the acknowledged finding: a new alert', async () => {
    // Prepare
    const finding = signInWithoutMfa();
    await store.findings.record([finding], [], SEEN);
    await click(finding.id);
    const later = new Date('2026-11-29T08:00:00.000Z');
    const again = signInAt('2026-11-29T07:59:00Z', 'a-later-sign-in');
    // Act
    const outcome = await store.findings.record([again], [], later);
    // Assess
    expect(outcome.opened.map((f) => f.id)).toEqual([finding.id]);
    expect(outcome.keptAcknowledged).toBeUndefined();
    const reopened = await store.findings.get(finding.id);
    expect(reopened).toMatchObject({ status: 'open', openedAt: later.toISOString() });
    expect(reopened?.acknowledged).toBeUndefined();
    expect(reopened?.notice).toEqual({ kind: 'opened', at: later.toISOString() });
    // … and can be acknowledged again.
    expect((await click(finding.id)).outcome?.kind).toBe('acknowledged');
  });
});

/** The fixture's root sign-in (eventTime 2025-06-10T06:58:12Z, eventID 6a7b8c9d-…) as another occurrence. */
function signInAt(eventTime: string, eventId: string): Finding {
  const subject = activityFrom('events/cloudtrail-consolelogin-root-nomfa.json', (detail) => {
    detail.eventTime = eventTime;
    detail.eventID = eventId;
  });
  return findingsOf(subject).find((f) => f.ruleId === 'console-signin-without-mfa')!;
}

describe('an acknowledged one-off finding and a later copy of an occurrence it covers', () => {
  const FIRST = { at: '2025-06-10T06:58:12Z', id: '6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d' };
  /** Record as triage runs it, a day after the acknowledgement (past the notices' in-flight window). */
  const DAY_LATER = new Date('2026-11-23T10:05:00.000Z');
  const recordTask = () =>
    record({
      findings: store.findings,
      suppressions: store.suppressions,
      notifyMinSeverity: 'low',
      now: () => DAY_LATER,
      clock: () => DAY_LATER.getTime(),
    });
  const evaluated = (finding: Finding) => ({
    evaluated: { correlationId: 'redelivered', findings: [finding], passed: [] },
    executionStartTime: DAY_LATER.toISOString(),
  });

  it.each([
    {
      occurrence: 'the very same event (an EventBridge redelivery)',
      at: FIRST.at,
      id: FIRST.id,
      reopens: false,
    },
    {
      occurrence: 'the same event id with another time',
      at: '2025-06-11T00:00:00Z',
      id: FIRST.id,
      reopens: false,
    },
    {
      occurrence: 'an older event (a dead letter replayed)',
      at: '2025-06-10T05:00:00Z',
      id: 'older',
      reopens: false,
    },
    {
      occurrence: 'another event in the same second',
      at: '2025-06-10T06:58:12.000Z',
      id: 'same-second',
      reopens: false,
    },
    { occurrence: 'a later event (a new sign-in)', at: '2025-06-10T06:58:13Z', id: 'later', reopens: true },
  ])('$occurrence: reopens $reopens', async ({ at, id, reopens }) => {
    // Prepare: the sign-in recorded and posted (Notify marks it delivered), then acknowledged in Slack.
    const first = signInWithoutMfa();
    const opened = await store.findings.record([first], [], SEEN);
    await store.findings.markNotified(first.id, opened.opened[0]!.notice!);
    await click(first.id);
    const acknowledged = await store.findings.get(first.id);
    // Act
    const out = await recordTask()(evaluated(signInAt(at, id)));
    // Assess
    const stored = await store.findings.get(first.id);
    if (reopens) {
      expect(out.counts).toMatchObject({ opened: 1, unchanged: 0 });
      expect(out.notifications.map((n) => n.kind)).toEqual(['opened']);
      expect(stored).toMatchObject({ status: 'open', latestOccurrence: { at, eventId: id } });
      expect(out.keptAcknowledged).toBeUndefined();
    } else {
      expect(out.counts).toMatchObject({ opened: 0, changed: 0, unchanged: 1, owed: 0 });
      expect(out.notifications).toEqual([]);
      expect(stored).toEqual(acknowledged);
      expect(out.keptAcknowledged).toEqual([
        {
          findingId: first.id,
          ruleId: 'console-signin-without-mfa',
          occurrence: { at, eventId: id },
          through: { at: FIRST.at, eventId: FIRST.id },
          acknowledged: { by: 'sam.rivera', at: NOW.toISOString() },
        },
      ]);
    }
  });

  it('covers the latest occurrence recorded while it was open, whatever order the events came in', async () => {
    // Prepare: a later sign-in, then the earlier one delivered late, then the acknowledgement.
    const later = signInAt('2025-06-10T09:00:00Z', 'later');
    await store.findings.record([later], [], SEEN);
    await store.findings.record([signInWithoutMfa()], [], SEEN);
    await click(later.id);
    // Act: the later sign-in redelivered.
    const out = await recordTask()(evaluated(later));
    // Assess
    expect(out.counts).toMatchObject({ opened: 0, unchanged: 1 });
    expect(out.keptAcknowledged?.[0]?.through).toEqual({ at: '2025-06-10T09:00:00Z', eventId: 'later' });
    expect((await store.findings.get(later.id))?.status).toBe('resolved');
  });

  it('a finding resolved by its passing check (not acknowledged) is not held back: any occurrence reopens it', async () => {
    // Prepare
    const first = signInWithoutMfa();
    await store.findings.record([first], [], SEEN);
    await store.findings.record(
      [],
      [{ findingId: first.id, ruleId: first.ruleId, resource: first.resource }],
      NOW,
    );
    // Act
    const out = await store.findings.record([first], [], DAY_LATER);
    // Assess
    expect(out.opened.map((f) => f.id)).toEqual([first.id]);
  });
});

describe('the RESOLVED notice of an acknowledgement, on every channel a resolution goes to', () => {
  it('publishes it to SNS with the resolution attributes (acknowledged, by whom) and marks the notice delivered', async () => {
    // Prepare
    const finding = signInWithoutMfa();
    await store.findings.record([finding], [], SEEN);
    // Act
    await click(finding.id);
    // Assess
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.TopicArn).toBe(TOPIC);
    expect(input.Subject).toMatch(/^\[RESOLVED\] /);
    expect(input.Message).toContain(`acknowledged by sam.rivera at ${NOW.toISOString()}`);
    expect(input.MessageAttributes).toMatchObject({
      status: { DataType: 'String', StringValue: 'resolved' },
      kind: { DataType: 'String', StringValue: 'resolved' },
      severity: { DataType: 'String', StringValue: 'critical' },
      ruleId: { DataType: 'String', StringValue: 'console-signin-without-mfa' },
      accountId: { DataType: 'String', StringValue: '111122223333' },
      resolvedReason: { DataType: 'String', StringValue: 'acknowledged' },
      acknowledgedBy: { DataType: 'String', StringValue: 'sam.rivera' },
    });
    expect(shown.map((f) => f.status)).toEqual(['resolved']);
    expect((await store.findings.get(finding.id))?.notice).toEqual({
      kind: 'resolved',
      at: NOW.toISOString(),
      delivered: true,
    });
  });

  it('a failed publish loses nothing: acknowledged and audited, told, logged, the click fails, and Record still owes SNS the notice', async () => {
    // Prepare
    const finding = signInWithoutMfa();
    await store.findings.record([finding], [], SEEN);
    sns
      .on(PublishCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => {});
    // Act
    const body = clickBody(finding.id);
    const headers = signSlackRequest(body, SECRET, Math.floor(NOW.getTime() / 1000));
    const failed = endpoint({ body, headers });
    // Assess: the invocation fails (the endpoint's error alarm), after the user was told.
    await expect(failed).rejects.toMatchObject({ name: 'TransientError' });
    const stored = await store.findings.get(finding.id);
    expect(stored).toMatchObject({ status: 'resolved', acknowledged: { by: 'sam.rivera' } });
    expect(stored?.notice?.delivered).toBeUndefined();
    expect(await auditRecords()).toHaveLength(1);
    expect(shown).toHaveLength(1); // Slack has it (its delivery is recorded)
    expect(told).toEqual([
      expect.stringMatching(/did not reach every channel \(TransientError\); the acknowledgement stands\.$/),
    ]);
    expect(logged).toHaveBeenCalledWith(
      'the acknowledgement is recorded, but its resolution notice was not delivered',
      expect.objectContaining({ findingId: finding.id, errorName: 'TransientError' }),
    );
    // A later copy of the sign-in leaves it resolved, and its undelivered notice is owed: sent again,
    // only to SNS (Slack's delivery record skips it there).
    sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
    const later = new Date('2026-11-23T10:05:00.000Z');
    const again = await store.findings.record([finding], [], later);
    const kept = again.unchanged[0]!;
    expect(owedNotification(kept, later)).toBe('resolved');
    await notifier.notify([{ kind: 'resolved', finding: kept }]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
    expect(shown).toHaveLength(1);
  });

  it('without a notifier (not configured) the acknowledgement is only told: nothing marked delivered', async () => {
    // Prepare
    const finding = signInWithoutMfa();
    await store.findings.record([finding], [], SEEN);
    const quiet = createApprovalEndpoint({
      deps: {
        approvals: store.approvals,
        findings: store.findings,
        suppressions: store.suppressions,
        audit: store.audit,
        callbacks: { succeed: async () => {}, fail: async () => {} },
        slack: { tellUser: async (_i, text) => void told.push(text), showApproval: async () => {} },
        approvers: parseApproverConfig({ bySeverity: { critical: [APPROVER] } }),
        now: () => NOW,
      },
      signingSecret: async () => SECRET,
    });
    const body = clickBody(finding.id);
    // Act
    await quiet({ body, headers: signSlackRequest(body, SECRET, Math.floor(NOW.getTime() / 1000)) });
    // Assess
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect((await store.findings.get(finding.id))?.notice?.delivered).toBeUndefined();
  });
});

describe('the acknowledge action in the payload parser', () => {
  it('carries the finding id of the button', () => {
    expect(parseInteraction(clickBody('c6c6176b321e02b245bfcf9a')).action).toEqual({
      kind: 'acknowledge',
      findingId: 'c6c6176b321e02b245bfcf9a',
    });
  });

  it.each(['', 'a b', 'x'.repeat(101), '../etc'])('refuses the button value %j', (value) => {
    expect(() => parseInteraction(clickBody(value))).toThrow(SlackPayloadError);
  });
});
