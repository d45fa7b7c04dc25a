import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../functions/adapters/local/memory-store';
import { parseApproverConfig } from '../../functions/approvals/approvers';
import { createApprovalEndpoint } from '../../functions/approvals/endpoint';
import type { InteractionDeps, InteractionOutcome } from '../../functions/approvals/interaction';
import { parseInteraction, SlackPayloadError } from '../../functions/approvals/payload';
import { signSlackRequest } from '../../functions/approvals/verify';
import { ACKNOWLEDGE_ACTION_ID } from '../../functions/notifications/acknowledge-block';
import type { StoredFinding } from '../../functions/ports/findings-store';
import { evaluateSubject, RuleBook, toFinding } from '../../functions/rulebook/engine';
import type { Finding } from '../../functions/rulebook/model/finding';
import { normalizeConfigItem } from '../../functions/rulebook/normalizers/load';
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

let store: MemoryStore;
let told: string[];
let shown: StoredFinding[];
let outcomes: InteractionOutcome[];
let endpoint: ReturnType<typeof createApprovalEndpoint>;

beforeEach(() => {
  store = new MemoryStore();
  told = [];
  shown = [];
  outcomes = [];
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
      showResolved: async (finding) => void shown.push(finding),
    },
    approvers: parseApproverConfig({ bySeverity: { critical: [APPROVER], high: [APPROVER] } }),
    now: () => NOW,
  };
  endpoint = createApprovalEndpoint({
    deps,
    signingSecret: async () => SECRET,
    onOutcome: (o) => void outcomes.push(o),
  });
});

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
    const again = { ...finding, observedAt: '2026-11-29T07:59:00Z' };
    // Act
    const outcome = await store.findings.record([again], [], later);
    // Assess
    expect(outcome.opened.map((f) => f.id)).toEqual([finding.id]);
    const reopened = await store.findings.get(finding.id);
    expect(reopened).toMatchObject({ status: 'open', openedAt: later.toISOString() });
    expect(reopened?.acknowledged).toBeUndefined();
    expect(reopened?.notice).toEqual({ kind: 'opened', at: later.toISOString() });
    // … and can be acknowledged again.
    expect((await click(finding.id)).outcome?.kind).toBe('acknowledged');
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
