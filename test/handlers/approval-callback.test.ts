import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { createTask, verifySlackSignature } from '../../functions/handlers/approval-callback/handler';

const SECRET = 'signing-secret-for-tests';
const now = new Date('2026-11-18T10:00:00Z');
const ts = String(now.getTime() / 1000);

function signed(body: string, timestamp = ts, secret = SECRET) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { headers: { 'X-Slack-Request-Timestamp': timestamp, 'X-Slack-Signature': signature }, body };
}

function click(
  action: 'remediation_approve' | 'remediation_reject',
  user = 'U_APPROVER',
  approvalId = 'apr1',
) {
  return new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: user },
      actions: [{ action_id: action, value: approvalId }],
    }),
  }).toString();
}

async function setup(severity = 'critical') {
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
  const callbacks = { succeed: vi.fn(async () => {}), fail: vi.fn(async () => {}) };
  const task = createTask({
    signingSecret: async () => SECRET,
    approversFor: (s) => (s === 'critical' ? ['U_APPROVER'] : ['U_APPROVER', 'U_JUNIOR']),
    approvals: store.approvals,
    audit: store.audit,
    callbacks,
    now: () => now,
  });
  return { store, callbacks, task };
}

describe('approval endpoint (Slack interactivity)', () => {
  it('approve: verifies the signature, decides once, completes the task with SendTaskSuccess, audits', async () => {
    const { store, callbacks, task } = await setup();
    const res = await task(signed(click('remediation_approve')));
    expect(res.statusCode).toBe(200);
    expect(callbacks.succeed).toHaveBeenCalledWith(
      'SECRET-TASK-TOKEN',
      expect.objectContaining({ decision: 'approved', approvalId: 'apr1', decidedBy: 'U_APPROVER' }),
    );
    expect((await store.approvals.get('apr1'))?.decision).toBe('approved');
    const audit = [];
    for await (const r of store.audit.list({ from: '2000', to: '3000' })) audit.push(r);
    expect(audit).toMatchObject([{ action: 'approved', actor: 'U_APPROVER', approvalId: 'apr1' }]);
    expect(res.body).not.toContain('SECRET-TASK-TOKEN');

    const again = await task(signed(click('remediation_reject')));
    expect(JSON.parse(again.body).text).toContain('already decided');
    expect(callbacks.fail).not.toHaveBeenCalled();
  });

  it('reject: SendTaskFailure with the error name the ASL catches', async () => {
    const { callbacks, task } = await setup();
    await task(signed(click('remediation_reject')));
    expect(callbacks.fail).toHaveBeenCalledWith(
      'SECRET-TASK-TOKEN',
      'Remediation.Rejected',
      'rejected by U_APPROVER',
    );
  });

  it('refuses users who may not decide that severity, bad signatures and stale timestamps', async () => {
    const { callbacks, task, store } = await setup('critical');
    const junior = await task(signed(click('remediation_approve', 'U_JUNIOR')));
    expect(JSON.parse(junior.body).text).toContain('not allowed to decide critical');
    expect((await task(signed(click('remediation_approve'), ts, 'wrong-secret'))).statusCode).toBe(401);
    expect((await task(signed(click('remediation_approve'), String(Number(ts) - 600)))).statusCode).toBe(401);
    expect(callbacks.succeed).not.toHaveBeenCalled();
    expect((await store.approvals.get('apr1'))?.decision).toBeUndefined();
  });

  it('accepts base64-encoded bodies (Lambda function URLs encode form posts)', async () => {
    const { callbacks, task } = await setup();
    const req = signed(click('remediation_approve'));
    await task({ ...req, body: Buffer.from(req.body).toString('base64'), isBase64Encoded: true });
    expect(callbacks.succeed).toHaveBeenCalledTimes(1);
  });

  it('verifySlackSignature rejects a missing header and a tampered body', () => {
    const req = signed('a=1');
    const headers = {
      'x-slack-request-timestamp': ts,
      'x-slack-signature': req.headers['X-Slack-Signature'],
    };
    expect(verifySlackSignature(SECRET, headers, 'a=1', now)).toBe(true);
    expect(verifySlackSignature(SECRET, headers, 'a=2', now)).toBe(false);
    expect(verifySlackSignature(SECRET, { 'x-slack-request-timestamp': ts }, 'a=1', now)).toBe(false);
  });
});
