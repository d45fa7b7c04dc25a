import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseApproverConfig } from '../../functions/approvals/approvers';
import { acknowledge, handleInteraction, type InteractionDeps } from '../../functions/approvals/interaction';
import { parseInteraction, SlackPayloadError } from '../../functions/approvals/payload';
import { signSlackRequest } from '../../functions/approvals/verify';
import type { Approval } from '../../functions/ports/approval-store';
import type { StoredFinding } from '../../functions/ports/findings-store';
import type { ApprovalView } from '../../functions/ports/notifier';
import { TaskExpiredError } from '../../functions/ports/task-callbacks';
import { logger } from '../../functions/shared/logger';
import { storedFinding } from '../notifications/findings';
import { MemoryApprovals, MemoryAudit, MemorySuppressions } from './memory';

const SECRET = 'signing-secret-for-tests';
const NOW = new Date('2026-11-22T10:05:00.000Z');
const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAA...task-token-never-in-slack';
const SAMPLE = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/events/slack-block-actions-payload.json'), 'utf8'),
);
const APPROVER = 'U04ABCD1234'; // sam.rivera in the sample payload

function payload(overrides: Record<string, unknown> = {}, action: Record<string, unknown> = {}) {
  return { ...SAMPLE, ...overrides, actions: [{ ...SAMPLE.actions[0], ...action }] };
}

function request(body: unknown, ts = Math.floor(NOW.getTime() / 1000)) {
  const rawBody = `payload=${encodeURIComponent(JSON.stringify(body))}`;
  return {
    rawBody,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...signSlackRequest(rawBody, SECRET, ts),
    },
  };
}

let approvals: MemoryApprovals;
let audit: MemoryAudit;
let suppressions: MemorySuppressions;
let told: string[];
let cards: ApprovalView[];
let callbacks: Array<{ kind: 'succeed' | 'fail'; token: string; payload: unknown }>;
let callbackError: Error | undefined;
let deps: InteractionDeps;
let finding: StoredFinding;

function approval(overrides: Partial<Approval> = {}): Approval {
  return {
    approvalId: 'apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J',
    findingId: finding.id,
    remediationId: 's3-put-public-access-block',
    plan: [
      {
        service: 'S3',
        operation: 'PutPublicAccessBlock',
        input: { Bucket: 'b' },
        iamAction: 's3:PutBucketPublicAccessBlock',
      },
    ],
    taskToken: TOKEN,
    severity: 'high',
    accountId: '111122223333',
    requestedAt: '2026-11-22T10:00:00.000Z',
    expiresAt: '2026-11-23T10:00:00.000Z',
    ...overrides,
  };
}

let logged: string[];
afterEach(() => vi.restoreAllMocks());

beforeEach(async () => {
  logged = [];
  // Powertools writes through its own Console instance: capture what it prints.
  const out = (logger as unknown as { console: Record<string, (...a: unknown[]) => void> }).console;
  vi.spyOn(out, 'error').mockImplementation((...args: unknown[]) => {
    logged.push(args.map(String).join(' '));
  });
  approvals = new MemoryApprovals();
  audit = new MemoryAudit();
  suppressions = new MemorySuppressions();
  told = [];
  cards = [];
  callbacks = [];
  callbackError = undefined;
  finding = storedFinding();
  await approvals.put(approval());
  deps = {
    approvals,
    findings: {
      get: async (id) => (id === finding.id ? finding : undefined),
      acknowledge: async () => undefined,
      markNotified: async () => {},
    },
    suppressions,
    audit,
    callbacks: {
      succeed: async (token, output) => {
        if (callbackError) throw callbackError;
        callbacks.push({ kind: 'succeed', token, payload: output });
      },
      fail: async (token, error, cause) => {
        if (callbackError) throw callbackError;
        callbacks.push({ kind: 'fail', token, payload: { error, cause } });
      },
    },
    slack: {
      tellUser: async (_i, text) => {
        told.push(text);
      },
      showApproval: async (_f, view) => {
        cards.push(view);
      },
    },
    approvers: parseApproverConfig({
      bySeverity: { high: [APPROVER], critical: [APPROVER] },
      byAccount: { '444455556666': ['U0OWNER01'] },
    }),
    now: () => NOW,
  };
});

async function click(body: unknown) {
  const { ack, followUp } = handleInteraction(deps, request(body), SECRET);
  return { ack, outcome: await followUp };
}

describe('approval endpoint', () => {
  it('approve on a finding whose resource was deleted: withdraws the request (SendTaskFailure Remediation.Cancelled), runs nothing', async () => {
    // Prepare: triage resolved the finding because AWS Config recorded the bucket as deleted.
    finding = Object.assign(storedFinding(), {
      status: 'resolved' as const,
      resolvedAt: '2026-11-22T10:03:00.000Z',
      resolvedReason: { code: 'resource-deleted' as const, text: 'the resource was deleted (test)' },
    });

    // Act
    const { outcome } = await click(payload());

    // Assess
    expect(outcome?.kind).toBe('cancelled');
    expect(callbacks).toEqual([
      {
        kind: 'fail',
        token: TOKEN,
        payload: {
          error: 'Remediation.Cancelled',
          cause: expect.stringContaining('the resource was deleted (test)'),
        },
      },
    ]);
    expect(await approvals.get('apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J')).toMatchObject({
      decision: 'expired',
      decidedBy: 'compliance-bot',
    });
    expect(audit.records.map((r) => [r.action, r.actor])).toEqual([['cancelled', 'compliance-bot']]);
    expect(cards).toMatchObject([{ state: 'cancelled' }]);
    expect(told[0]).toMatch(
      /^This request is withdrawn: .*the resource was deleted \(test\)\. The fix was not run/,
    );
    // A second click finds it decided.
    expect((await click(payload())).outcome?.kind).toBe('already-decided');
  });

  it('approve: decides once, sends SendTaskSuccess, updates the card, audits', async () => {
    const { ack, outcome } = await click(payload());
    expect(ack).toMatchObject({ statusCode: 200, body: '' });
    expect(outcome?.kind).toBe('approved');
    expect(callbacks).toEqual([
      {
        kind: 'succeed',
        token: TOKEN,
        payload: {
          decision: 'approved',
          approvalId: 'apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J',
          decidedBy: 'sam.rivera',
          decidedAt: NOW.toISOString(),
          approved: true,
          by: 'sam.rivera',
          byUserId: APPROVER,
          at: NOW.toISOString(),
        },
      },
    ]);
    expect(await approvals.get('apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J')).toMatchObject({
      decision: 'approved',
      decidedBy: 'sam.rivera',
    });
    expect(cards).toMatchObject([
      {
        state: 'approved',
        decidedBy: 'sam.rivera',
        decidedAt: NOW.toISOString(),
        title: 'Block all public access on the S3 bucket',
      },
    ]);
    expect(audit.records).toEqual([
      expect.objectContaining({
        action: 'approved',
        actor: 'slack:U04ABCD1234 (sam.rivera)',
        approvalId: 'apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J',
        findingId: finding.id,
        accountId: '111122223333',
      }),
    ]);
    expect(told).toEqual(['Approved. The fix runs now; the outcome is posted in the thread.']);
  });

  it('reject: SendTaskFailure with Remediation.Rejected', async () => {
    const { outcome } = await click(payload({}, { action_id: 'remediation_reject' }));
    expect(outcome?.kind).toBe('rejected');
    expect(callbacks).toEqual([
      {
        kind: 'fail',
        token: TOKEN,
        payload: { error: 'Remediation.Rejected', cause: `Rejected by sam.rivera at ${NOW.toISOString()}` },
      },
    ]);
    expect(audit.records.map((r) => r.action)).toEqual(['rejected']);
  });

  it('a double click is a no-op with a clear message; the workflow is called once', async () => {
    await click(payload());
    const second = await click(payload({}, { action_id: 'remediation_reject' }));
    expect(second.outcome).toEqual({
      kind: 'already-decided',
      message: `This request was already approved by sam.rivera at ${NOW.toISOString()}. Nothing more was changed.`,
    });
    expect(callbacks).toHaveLength(1);
    expect(audit.records).toHaveLength(1);
  });

  it('two concurrent clicks: exactly one decision reaches the workflow', async () => {
    const [a, b] = await Promise.all([
      click(payload()),
      click(payload({}, { action_id: 'remediation_reject' })),
    ]);
    expect([a.outcome?.kind, b.outcome?.kind].filter((k) => k === 'already-decided')).toHaveLength(1);
    expect(callbacks).toHaveLength(1);
  });

  it('a non-approver is told so privately and nothing happens', async () => {
    const { outcome } = await click(payload({ user: { id: 'U09INTRUDER', username: 'mallory' } }));
    expect(outcome?.kind).toBe('not-allowed');
    expect(told[0]).toBe(
      'You are not allowed to decide high fixes in account 111122223333. Nothing was changed.',
    );
    expect(callbacks).toEqual([]);
    expect(audit.records).toEqual([]);
    expect(cards).toEqual([]);
    expect((await approvals.get('apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J'))!.decision).toBeUndefined();
  });

  it('per-account approvers replace the severity lists for that account', async () => {
    await approvals.put(approval({ accountId: '444455556666' }));
    expect((await click(payload())).outcome?.kind).toBe('not-allowed');
    expect((await click(payload({ user: { id: 'U0OWNER01', username: 'owner' } }))).outcome?.kind).toBe(
      'approved',
    );
  });

  it('a click after the approval window: no-op, marked expired, card updated', async () => {
    await approvals.put(approval({ expiresAt: '2026-11-22T10:00:00.000Z' }));
    const { outcome } = await click(payload());
    expect(outcome).toEqual({
      kind: 'expired',
      message: 'This request expired at 2026-11-22T10:00:00.000Z. Nothing was changed.',
    });
    expect(callbacks).toEqual([]);
    expect(cards.map((c) => c.state)).toEqual(['expired']);
    expect(audit.records.map((r) => r.action)).toEqual(['expired']);
  });

  it('a click on an older request whose card a newer request replaced: decided, but the newer card stays', async () => {
    finding = storedFinding({ latestApproval: { approvalId: 'apr_newer', requestedAt: NOW.toISOString() } });
    const { outcome } = await click(payload());
    expect(outcome?.kind).toBe('approved');
    expect(callbacks.map((c) => c.kind)).toEqual(['succeed']);
    await approvals.put(approval({ approvalId: 'apr_older2', expiresAt: '2026-11-22T10:00:00.000Z' }));
    const late = await click(payload({}, { value: 'apr_older2' }));
    expect(late.outcome?.kind).toBe('expired');
    expect(cards).toEqual([]);
  });

  it.each(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'])(
    'the workflow already timed out (%s): "this request expired"',
    async (name) => {
      callbackError = new TaskExpiredError(name);
      const { outcome } = await click(payload());
      expect(outcome).toEqual({
        kind: 'expired',
        message: 'This request expired: the workflow stopped waiting. Nothing was changed.',
      });
      expect(cards.map((c) => c.state)).toEqual(['expired']);
      expect(audit.records.map((r) => r.action)).toEqual(['expired']);
      // What is stored says what the audit says: expired, not the click's 'approved'.
      expect(await approvals.get('apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J')).toMatchObject({
        decision: 'expired',
        decidedBy: 'system',
      });
      // A second click is told it was decided as expired, and nothing more is audited.
      expect((await click(payload())).outcome?.message).toMatch(/^This request was already expired at /);
      expect(audit.records).toHaveLength(1);
    },
  );

  it.each([
    { action_id: 'remediation_approve', kind: 'approved', what: 'approval', button: 'Approve' },
    { action_id: 'remediation_reject', kind: 'rejected', what: 'rejection', button: 'Reject' },
  ])(
    'a callback that fails otherwise (ThrottlingException) takes the $kind decision back: nothing audited, the user is asked to click again, the second click is delivered once',
    async ({ action_id, kind, what, button }) => {
      // Prepare
      callbackError = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      // Act
      await expect(click(payload({}, { action_id }))).rejects.toMatchObject({ name: 'ThrottlingException' });
      // Assess
      expect(told).toEqual([
        `Your ${what} did not go through: the workflow could not be reached (ThrottlingException). Nothing was changed; please click ${button} again.`,
      ]);
      const pending = await approvals.get('apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J');
      expect(pending?.decision).toBeUndefined();
      expect(pending).not.toHaveProperty('decidedBy');
      expect(audit.records).toEqual([]);
      expect(cards).toEqual([]);
      expect(logged).toHaveLength(1);
      expect(JSON.parse(logged[0]!)).toMatchObject({
        level: 'ERROR',
        message: 'the decision did not reach the workflow; taking it back',
        approvalId: 'apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J',
        errorName: 'ThrottlingException',
      });
      expect(logged[0]).not.toContain(TOKEN);

      // Act: the approver clicks again, the callback goes through
      callbackError = undefined;
      const second = await click(payload({}, { action_id }));
      // Assess
      expect(second.outcome?.kind).toBe(kind);
      expect(callbacks).toHaveLength(1);
      expect((await approvals.get('apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J'))?.decision).toBe(kind);
      expect(audit.records.map((r) => r.action)).toEqual([kind]);
    },
  );

  it("the decision is taken back only while it is still this click's (conditional undo)", async () => {
    // Prepare: while the callback is in flight, the stored decision changes (e.g. expired by the workflow)
    deps.callbacks.succeed = async () => {
      const id = 'apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J';
      const stored = (await approvals.get(id))!;
      approvals.items.set(id, { ...stored, decision: 'expired', decidedBy: 'compliance-bot' });
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    };
    // Act
    await expect(click(payload())).rejects.toMatchObject({ name: 'TimeoutError' });
    // Assess: the other decision stays; the user is not told to click again
    expect((await approvals.get('apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J'))?.decision).toBe('expired');
    expect(told).toEqual([
      'Your approval was recorded but did not reach the workflow (TimeoutError), and it could not be taken back. The request stays open until it expires at 2026-11-23T10:00:00.000Z.',
    ]);
    expect(audit.records).toEqual([]);
  });

  it('snooze writes a suppression with reason and expiry, audits it, and ends the pending approval', async () => {
    const { outcome } = await click(
      payload(
        {},
        {
          action_id: 'finding_snooze',
          type: 'static_select',
          value: undefined,
          selected_option: { value: 'apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J:30' },
        },
      ),
    );
    expect(outcome?.kind).toBe('snoozed');
    expect(suppressions.items).toEqual([
      {
        ruleId: 's3-bucket-blocks-public-access',
        resource: 'arn:aws:s3:::acme-prod-customer-exports',
        accountId: '111122223333',
        reason: 'Snoozed for 30 days from Slack by sam.rivera',
        owner: 'slack:U04ABCD1234',
        expires: '2026-12-22T10:05:00.000Z',
      },
    ]);
    expect(audit.records.map((r) => [r.action, r.outcome])).toEqual([
      ['snoozed', 'suppressed until 2026-12-22T10:05:00.000Z'],
    ]);
    expect(callbacks).toMatchObject([{ kind: 'fail', payload: { error: 'Remediation.Rejected' } }]);
    expect(cards).toMatchObject([{ state: 'rejected', outcome: 'snoozed until 2026-12-22T10:05:00.000Z' }]);
  });

  it('snooze on a card that covers several findings of the resource snoozes each of them, in one audit record', async () => {
    await approvals.put(
      approval({
        covers: [
          {
            findingId: 'f-policy',
            ruleId: 's3-bucket-policy-not-public',
            title: 'S3 bucket policies do not grant access to everyone',
            severity: 'critical',
          },
        ],
      }),
    );
    const { outcome } = await snoozeClick();
    expect(outcome).toMatchObject({
      kind: 'snoozed',
      message: expect.stringContaining('The 2 findings this fix covers show again after that.'),
    });
    expect(suppressions.items.map((s) => [s.ruleId, s.resource])).toEqual([
      ['s3-bucket-blocks-public-access', 'arn:aws:s3:::acme-prod-customer-exports'],
      ['s3-bucket-policy-not-public', 'arn:aws:s3:::acme-prod-customer-exports'],
    ]);
    expect(audit.records.map((r) => [r.action, r.findingId, r.coveredFindingIds])).toEqual([
      ['snoozed', finding.id, ['f-policy']],
    ]);
    expect(cards[0]?.covers?.map((c) => c.findingId)).toEqual(['f-policy']);
  });

  const snoozeClick = () =>
    click(
      payload(
        {},
        {
          action_id: 'finding_snooze',
          type: 'static_select',
          value: undefined,
          selected_option: { value: 'apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J:30' },
        },
      ),
    );

  it('snooze whose SendTaskFailure is throttled: the suppression stays, the pending request is reopened and the user told', async () => {
    callbackError = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    await expect(snoozeClick()).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(suppressions.items).toHaveLength(1);
    expect((await approvals.get('apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J'))?.decision).toBeUndefined();
    expect(told).toEqual([
      'Snoozed for 30 days (until 2026-12-22T10:05:00.000Z), but the pending fix request could not be closed (ThrottlingException). It is still open: click Reject to close it.',
    ]);
    expect(cards).toEqual([]);
  });

  it('snooze after the workflow stopped waiting: the pending request is stored and audited as expired', async () => {
    callbackError = new TaskExpiredError('TaskTimedOut');
    expect((await snoozeClick()).outcome?.kind).toBe('snoozed');
    expect((await approvals.get('apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J'))?.decision).toBe('expired');
    expect(audit.records.map((r) => r.action)).toEqual(['snoozed', 'expired']);
    expect(cards.map((c) => c.state)).toEqual(['expired']);
  });

  it('an unknown approval id changes nothing', async () => {
    const { outcome } = await click(payload({}, { value: 'apr_UNKNOWN' }));
    expect(outcome?.kind).toBe('unknown-approval');
    expect(callbacks).toEqual([]);
  });

  it('never puts the task token in anything sent to Slack', async () => {
    await click(payload());
    expect(JSON.stringify([told, cards])).not.toContain(TOKEN);
  });
});

describe('acknowledge (the 3-second phase)', () => {
  it('refuses a bad signature, a stale timestamp and missing headers with 401 and no detail', () => {
    const good = request(payload());
    expect(acknowledge({ ...good, rawBody: `${good.rawBody}x` }, SECRET, NOW)).toEqual({
      statusCode: 401,
      body: 'invalid request',
    });
    expect(
      acknowledge(request(payload(), Math.floor(NOW.getTime() / 1000) - 301), SECRET, NOW).statusCode,
    ).toBe(401);
    expect(acknowledge({ rawBody: good.rawBody, headers: {} }, SECRET, NOW).statusCode).toBe(401);
  });

  it.each([
    ['no payload field', 'foo=bar'],
    ['payload not JSON', 'payload=%7Bnot-json'],
    ['wrong type', `payload=${encodeURIComponent(JSON.stringify({ ...SAMPLE, type: 'view_submission' }))}`],
    ['no actions', `payload=${encodeURIComponent(JSON.stringify({ ...SAMPLE, actions: [] }))}`],
    [
      'unknown action',
      `payload=${encodeURIComponent(JSON.stringify(payload({}, { action_id: 'delete_everything' })))}`,
    ],
    [
      'value not an approval id',
      `payload=${encodeURIComponent(JSON.stringify(payload({}, { value: 'x'.repeat(300) })))}`,
    ],
    [
      'bad snooze days',
      `payload=${encodeURIComponent(JSON.stringify(payload({}, { action_id: 'finding_snooze', selected_option: { value: 'apr_1:365' } })))}`,
    ],
    [
      'non-https response_url',
      `payload=${encodeURIComponent(JSON.stringify(payload({ response_url: 'http://evil.example/x' })))}`,
    ],
  ])(
    'a malformed payload (%s) is a 400, and parseInteraction throws SlackPayloadError',
    (_label, rawBody) => {
      const ts = Math.floor(NOW.getTime() / 1000);
      expect(acknowledge({ rawBody, headers: signSlackRequest(rawBody, SECRET, ts) }, SECRET, NOW)).toEqual({
        statusCode: 400,
        body: 'unsupported payload',
      });
      expect(() => parseInteraction(rawBody)).toThrow(SlackPayloadError);
    },
  );

  it('parses the documented sample payload', () => {
    const rawBody = `payload=${encodeURIComponent(JSON.stringify(SAMPLE))}`;
    expect(parseInteraction(rawBody)).toEqual({
      action: { kind: 'approve', approvalId: 'apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J' },
      user: { id: 'U04ABCD1234', name: 'sam.rivera' },
      channelId: 'C07COMPLIANCE',
      messageTs: '1749547205.123459',
      responseUrl: 'https://hooks.slack.com/actions/T01EXAMPLE/7212345678902/EXAMPLEresponseUrlToken',
    });
  });

  it('handleInteraction returns the 200 ack at once, while the follow-up still waits on the approvals table', async () => {
    // Prepare: the approvals table never answers
    const get = vi.spyOn(approvals, 'get').mockImplementation(() => new Promise(() => {}));
    // Act
    const { ack, followUp } = handleInteraction(deps, request(payload()), SECRET);
    // Assess: Slack gets its answer without waiting on any port
    expect(ack).toEqual({
      statusCode: 200,
      body: '',
      interaction: expect.objectContaining({
        action: { kind: 'approve', approvalId: 'apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J' },
      }),
    });
    const pending = Symbol('pending');
    const settled = await Promise.race([
      followUp!.then(
        () => 'settled',
        () => 'settled',
      ),
      new Promise((resolve) => setTimeout(() => resolve(pending), 20)),
    ]);
    expect(settled).toBe(pending);
    expect(get).toHaveBeenCalledWith('apr_01J0ZP6Q8M3V7K2X9D4F5G6H7J');
    expect(callbacks).toEqual([]);
    expect(told).toEqual([]);
    expect(cards).toEqual([]);
  });
});
