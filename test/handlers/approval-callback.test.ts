import 'aws-sdk-client-mock-vitest/extend';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it, vi } from 'vitest';
import { SfnTaskCallbacks } from '../../functions/adapters/aws/sfn-callbacks';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { signSlackRequest } from '../../functions/approvals/verify';
import { approverConfigFrom, createTask } from '../../functions/handlers/approval-callback/handler';
import { ACTION_IDS } from '../../functions/notifications/slack-message';
import type { TaskCallbacks } from '../../functions/ports/task-callbacks';
import { env } from '../../functions/shared/env';

const SECRET = 'signing-secret-for-tests';
const now = new Date('2026-11-18T10:00:00Z');
const ts = now.getTime() / 1000;
const APPROVER = 'U012AB3CDE';
const JUNIOR = 'U099ZZ9ZZZ';

function signed(body: string, timestamp = ts, secret = SECRET) {
  return { headers: signSlackRequest(body, secret, timestamp), body };
}

function click(kind: 'approve' | 'reject', user = APPROVER, approvalId = 'apr1') {
  return new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: user, username: user === APPROVER ? 'sam.rivera' : 'junior' },
      actions: [{ action_id: ACTION_IDS[kind], type: 'button', value: approvalId }],
    }),
  }).toString();
}

async function setup(severity = 'critical', callbacks: TaskCallbacks = vitestCallbacks()) {
  const store = new MemoryStore();
  await store.approvals.put({
    approvalId: 'apr1',
    findingId: 'f1',
    remediationId: 's3-put-public-access-block',
    plan: {},
    taskToken: 'SECRET-TASK-TOKEN',
    severity,
    requestedAt: now.toISOString(),
    expiresAt: '2026-11-19T10:00:00Z',
  });
  const told: string[] = [];
  // The deployed APPROVERS value, parsed by env() and mapped as index.ts does.
  const e = env({ APPROVERS: JSON.stringify({ critical: [APPROVER], high: [APPROVER, JUNIOR] }) });
  const task = createTask({
    deps: {
      approvals: store.approvals,
      findings: store.findings,
      suppressions: store.suppressions,
      audit: store.audit,
      callbacks,
      slack: { tellUser: async (_i, text) => void told.push(text), showApproval: async () => {} },
      approvers: approverConfigFrom(e.APPROVERS),
      now: () => now,
    },
    signingSecret: async () => SECRET,
  });
  return { store, callbacks: callbacks as ReturnType<typeof vitestCallbacks>, task, told };
}

function vitestCallbacks() {
  return { succeed: vi.fn(async () => {}), fail: vi.fn(async () => {}) };
}

async function auditOf(store: MemoryStore) {
  const records = [];
  for await (const r of store.audit.list({ from: '2000', to: '3000' })) records.push(r);
  return records;
}

/** The deployed callbacks adapter over a mocked Step Functions client (no SDK retries in the mock). */
function sfnCallbacks() {
  const client = new SFNClient({ region: 'eu-west-1' });
  return { client, sfn: mockClient(client), callbacks: new SfnTaskCallbacks(client) };
}

const sdkError = (name: string, message: string) =>
  Object.assign(new Error(message), { name, $fault: 'client', $metadata: {} });

describe('approval-callback handler (approvals endpoint, APPROVERS from the environment)', () => {
  it('approve: decides once, SendTaskSuccess with the decision IsApproved reads, audits', async () => {
    const { store, callbacks, task, told } = await setup();
    const res = await task(signed(click('approve')));
    expect(res.statusCode).toBe(200);
    expect(callbacks.succeed).toHaveBeenCalledWith(
      'SECRET-TASK-TOKEN',
      expect.objectContaining({ decision: 'approved', approvalId: 'apr1', decidedBy: 'sam.rivera' }),
    );
    expect((await store.approvals.get('apr1'))?.decision).toBe('approved');
    const audit = [];
    for await (const r of store.audit.list({ from: '2000', to: '3000' })) audit.push(r);
    expect(audit).toMatchObject([
      { action: 'approved', actor: `slack:${APPROVER} (sam.rivera)`, approvalId: 'apr1' },
    ]);
    expect(res.body).not.toContain('SECRET-TASK-TOKEN');

    await task(signed(click('reject')));
    expect(told.at(-1)).toContain('already approved');
    expect(callbacks.fail).not.toHaveBeenCalled();
  });

  it('reject: SendTaskFailure with the error name the ASL catches', async () => {
    const { callbacks, task } = await setup();
    await task(signed(click('reject')));
    expect(callbacks.fail).toHaveBeenCalledWith(
      'SECRET-TASK-TOKEN',
      'Remediation.Rejected',
      expect.stringContaining('Rejected by sam.rivera'),
    );
  });

  it('refuses users not listed for the severity, bad signatures and stale timestamps', async () => {
    const { callbacks, task, store, told } = await setup('critical');
    await task(signed(click('approve', JUNIOR)));
    expect(told.at(-1)).toContain('not allowed to decide critical');
    expect((await task(signed(click('approve'), ts, 'wrong-secret'))).statusCode).toBe(401);
    expect((await task(signed(click('approve'), ts - 600))).statusCode).toBe(401);
    expect(callbacks.succeed).not.toHaveBeenCalled();
    expect((await store.approvals.get('apr1'))?.decision).toBeUndefined();
  });

  it('a junior listed for high may decide high', async () => {
    const { callbacks, task } = await setup('high');
    await task(signed(click('approve', JUNIOR)));
    expect(callbacks.succeed).toHaveBeenCalledTimes(1);
  });

  it('accepts base64-encoded bodies (Lambda function URLs encode form posts)', async () => {
    const { callbacks, task } = await setup();
    const req = signed(click('approve'));
    await task({ ...req, body: Buffer.from(req.body).toString('base64'), isBase64Encoded: true });
    expect(callbacks.succeed).toHaveBeenCalledTimes(1);
  });

  it('SendTaskSuccess throttled once: the decision is taken back, nothing is audited, the second click is delivered once', async () => {
    // Prepare
    const { sfn, callbacks } = sfnCallbacks();
    sfn
      .on(SendTaskSuccessCommand)
      .rejectsOnce(sdkError('ThrottlingException', 'Rate exceeded'))
      .resolves({ $metadata: {} });
    const { store, task, told } = await setup('critical', callbacks);
    // Act
    await expect(task(signed(click('approve')))).rejects.toMatchObject({ name: 'ThrottlingException' });
    // Assess: not stranded as 'approved', no audit of a decision that did not happen
    expect((await store.approvals.get('apr1'))?.decision).toBeUndefined();
    expect(await auditOf(store)).toEqual([]);
    expect(told.at(-1)).toContain('did not go through');
    expect(told.at(-1)).toContain('click Approve again');
    // Act: the second click
    expect((await task(signed(click('approve')))).statusCode).toBe(200);
    // Assess
    expect(told.at(-1)).toBe('Approved. The fix runs now; the outcome is posted in the thread.');
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 2); // one throttled, one delivered
    expect((await store.approvals.get('apr1'))?.decision).toBe('approved');
    expect(await auditOf(store)).toMatchObject([{ action: 'approved', approvalId: 'apr1' }]);
  });

  it.each(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'])(
    'SendTaskSuccess answers %s: the stored decision and the audit both say expired',
    async (name) => {
      const { sfn, callbacks } = sfnCallbacks();
      sfn.on(SendTaskSuccessCommand).rejects(sdkError(name, 'gone'));
      const { store, task, told } = await setup('critical', callbacks);
      expect((await task(signed(click('approve')))).statusCode).toBe(200);
      expect(await store.approvals.get('apr1')).toMatchObject({ decision: 'expired', decidedBy: 'system' });
      expect(await auditOf(store)).toMatchObject([
        { action: 'expired', actor: 'system', approvalId: 'apr1' },
      ]);
      expect(told.at(-1)).toContain('This request expired');
    },
  );

  it('approverConfigFrom: an empty list means nobody (fails closed); a non-Slack id is refused', () => {
    const config = approverConfigFrom(env({ APPROVERS: '' }).APPROVERS);
    expect(config.bySeverity).toEqual({});
    expect(config.default).toEqual([]);
    expect(() => approverConfigFrom({ critical: ['alice'] })).toThrow(/Slack user id/);
  });
});
