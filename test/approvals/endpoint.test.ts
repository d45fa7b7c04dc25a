import { describe, expect, it } from 'vitest';
import { parseApproverConfig } from '../../functions/approvals/approvers';
import { createApprovalEndpoint } from '../../functions/approvals/endpoint';
import type { InteractionDeps } from '../../functions/approvals/interaction';
import type { Interaction } from '../../functions/approvals/payload';
import { signSlackRequest } from '../../functions/approvals/verify';
import { storedFinding } from '../notifications/findings';
import { MemoryApprovals, MemoryAudit, MemorySuppressions } from './memory';

const NOW = new Date('2026-11-22T10:05:00.000Z');

async function setup() {
  const approvals = new MemoryApprovals();
  const finding = storedFinding();
  await approvals.put({
    approvalId: 'apr_1',
    findingId: finding.id,
    remediationId: 's3-put-public-access-block',
    plan: {
      remediationId: 's3-put-public-access-block',
      summary: 's',
      target: { accountId: '1', region: 'r' },
      calls: [],
    },
    taskToken: 'tok',
    severity: 'high',
    requestedAt: NOW.toISOString(),
    expiresAt: '2026-11-23T00:00:00.000Z',
  });
  const sent: string[] = [];
  const deps: InteractionDeps = {
    approvals,
    findings: { get: async () => finding, acknowledge: async () => undefined, markNotified: async () => {} },
    suppressions: new MemorySuppressions(),
    audit: new MemoryAudit(),
    callbacks: {
      succeed: async (t) => void sent.push(`ok:${t}`),
      fail: async (t) => void sent.push(`fail:${t}`),
    },
    slack: { tellUser: async () => {}, showApproval: async () => {} },
    approvers: parseApproverConfig({ default: ['U0SAM1'] }),
    now: () => NOW,
  };
  const body = `payload=${encodeURIComponent(
    JSON.stringify({
      type: 'block_actions',
      user: { id: 'U0SAM1', username: 'sam' },
      actions: [{ action_id: 'remediation_approve', type: 'button', value: 'apr_1' }],
    }),
  )}`;
  const headers = signSlackRequest(body, 'secret', Math.floor(NOW.getTime() / 1000));
  return { deps, sent, body, headers };
}

describe('approval endpoint handler', () => {
  it('processes inline and answers 200 with an empty body', async () => {
    const { deps, sent, body, headers } = await setup();
    const outcomes: string[] = [];
    const handler = createApprovalEndpoint({
      deps,
      signingSecret: async () => 'secret',
      onOutcome: (o) => outcomes.push(o.kind),
    });
    expect(
      await handler({ body: Buffer.from(body).toString('base64'), isBase64Encoded: true, headers }),
    ).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: '',
    });
    expect(sent).toEqual(['ok:tok']);
    expect(outcomes).toEqual(['approved']);
  });

  it('defers the work when asked, and never defers an unsigned request', async () => {
    const { deps, sent, body, headers } = await setup();
    const deferred: Interaction[] = [];
    const handler = createApprovalEndpoint({
      deps,
      signingSecret: async () => 'secret',
      defer: async (i) => void deferred.push(i),
    });
    expect((await handler({ body, headers })).statusCode).toBe(200);
    expect(deferred.map((i) => i.action)).toEqual([{ kind: 'approve', approvalId: 'apr_1' }]);
    expect(sent).toEqual([]);
    expect(
      (await handler({ body, headers: { ...headers, 'x-slack-signature': `v0=${'0'.repeat(64)}` } }))
        .statusCode,
    ).toBe(401);
    expect(deferred).toHaveLength(1);
  });

  it('reports refused requests (wrong secret, unsupported payload) so the deployed handler can log and alarm on them', async () => {
    const { deps, sent, body, headers } = await setup();
    const rejected: Array<{ statusCode: number; reason: string }> = [];
    const handler = createApprovalEndpoint({
      deps,
      signingSecret: async () => 'rotated-in-slack-but-not-here',
      onRejected: (r) => void rejected.push(r),
    });
    expect((await handler({ body, headers })).statusCode).toBe(401);
    const right = createApprovalEndpoint({
      deps,
      signingSecret: async () => 'secret',
      onRejected: (r) => void rejected.push(r),
    });
    const unsupported = 'payload=%7B%22type%22%3A%22view_submission%22%7D';
    const signed = signSlackRequest(unsupported, 'secret', Math.floor(NOW.getTime() / 1000));
    expect((await right({ body: unsupported, headers: signed })).statusCode).toBe(400);
    expect((await right({ body, headers })).statusCode).toBe(200);
    expect(rejected).toEqual([
      { statusCode: 401, reason: 'invalid request' },
      { statusCode: 400, reason: 'unsupported payload' },
    ]);
    expect(sent).toEqual(['ok:tok']);
  });
});
