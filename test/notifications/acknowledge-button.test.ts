import { describe, expect, it } from 'vitest';
import { ACKNOWLEDGE_ACTION_ID, ACKNOWLEDGE_BLOCK_ID } from '../../functions/notifications/acknowledge-block';
import { buildFindingMessage, resolutionText } from '../../functions/notifications/model';
import {
  buildSlackMessage,
  buildThreadReply,
  type SlackMessage,
} from '../../functions/notifications/slack-message';
import { renderFindingForTerminal } from '../../functions/notifications/terminal';
import type { StoredFinding } from '../../functions/ports/findings-store';
import type { FindingNotification } from '../../functions/ports/notifier';
import { isOneOffRule } from '../../functions/rulebook/one-off';
import type { AnyRule } from '../../functions/rulebook/rule';
import { RULES } from '../../functions/rulebook/rules/index';
import { ACCOUNT, pendingApproval, storedFinding } from './findings';
import { blockKitViolations } from './limits';

/** A root console sign-in without MFA, as the store keeps it (one-off: judged from one CloudTrail event). */
function rootSignIn(overrides: Partial<StoredFinding> = {}): StoredFinding {
  return storedFinding({
    id: 'c6c6176b321e02b245bfcf9a',
    ruleId: 'console-signin-without-mfa',
    title: 'Console sign-ins use MFA',
    severity: 'critical',
    resource: { type: 'AWS::::Account', id: '111122223333', accountId: '111122223333', region: 'us-east-1' },
    message: 'The root user signed in to the console without MFA',
    evidence: { mfaUsed: 'No' },
    source: 'cloudtrail',
    actor: { label: 'root user', sourceIpAddress: '203.0.113.250' },
    ...overrides,
  });
}

function card(n: FindingNotification): SlackMessage {
  return buildSlackMessage(buildFindingMessage(n, ACCOUNT));
}

function acknowledgeButtons(message: SlackMessage) {
  return message.blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements as Array<{ action_id: string; value?: string }>) ?? [])
    .filter((e) => e.action_id === ACKNOWLEDGE_ACTION_ID);
}

describe('the Acknowledge button on a finding card', () => {
  it.each([
    ['an activity finding (CloudTrail)', rootSignIn()],
    [
      'a cost anomaly',
      storedFinding({ ruleId: 'cost-anomaly-detected', source: 'cost', remediation: undefined }),
    ],
  ])('is offered on %s, carrying its finding id', (_what, finding) => {
    // Act
    const message = card({ kind: 'opened', finding });
    // Assess
    expect(acknowledgeButtons(message)).toEqual([
      expect.objectContaining({ type: 'button', value: finding.id, confirm: expect.any(Object) }),
    ]);
    expect(message.blocks.find((b) => b.type === 'actions')?.block_id).toBe(ACKNOWLEDGE_BLOCK_ID);
    expect(blockKitViolations(message)).toEqual([]);
  });

  it.each([
    ['a state finding (its check passes again)', { kind: 'opened' as const, finding: storedFinding() }],
    [
      'a resolved one-off finding',
      {
        kind: 'resolved' as const,
        finding: rootSignIn({ status: 'resolved', resolvedAt: '2026-11-22T12:00:00Z' }),
      },
    ],
    [
      'a one-off finding whose fix awaits a decision (Approve / Reject / Snooze come first)',
      { kind: 'changed' as const, finding: rootSignIn({ remediation: 'x' }), approval: pendingApproval() },
    ],
  ])('is not offered on %s', (_what, notification) => {
    expect(acknowledgeButtons(card(notification))).toEqual([]);
  });

  it('is offered again once the fix of a one-off finding was decided (rejected, expired)', () => {
    const message = card({
      kind: 'changed',
      finding: rootSignIn({ remediation: 'x' }),
      approval: pendingApproval({ state: 'rejected', decidedBy: 'sam' }),
    });
    expect(acknowledgeButtons(message)).toHaveLength(1);
  });

  it('every event-judged rule (activity, cost) is one-off, and its findings come from cloudtrail or cost', () => {
    const kinds = (Object.values(RULES) as AnyRule[]).map((r) => [r.appliesTo.kind, isOneOffRule(r)]);
    for (const [kind, oneOff] of kinds) expect(oneOff).toBe(kind === 'activity' || kind === 'cost');
  });
});

describe('an acknowledged finding, resolved', () => {
  const acknowledged = rootSignIn({
    status: 'resolved',
    resolvedAt: '2026-11-22T12:00:00.000Z',
    acknowledged: { by: 'sam.rivera', slackUserId: 'U04ABCD1234', at: '2026-11-22T12:00:00.000Z' },
  });
  const model = buildFindingMessage({ kind: 'resolved', finding: acknowledged }, ACCOUNT);

  it('names who acknowledged it, as a Slack mention on the card and in the thread', () => {
    const text = JSON.stringify(buildSlackMessage(model).blocks);
    expect(text).toContain('*Resolved* acknowledged by <@U04ABCD1234> at 2026-11-22T12:00:00.000Z');
    expect(acknowledgeButtons(buildSlackMessage(model))).toEqual([]);
    expect(buildThreadReply(model).blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'Resolved acknowledged by <@U04ABCD1234> at 2026-11-22T12:00:00.000Z.',
        },
      },
    ]);
  });

  it('names the person and the reason in plain channels (terminal, SNS)', () => {
    const local = buildFindingMessage({
      kind: 'resolved',
      finding: {
        ...acknowledged,
        acknowledged: { by: 'alice', at: '2026-11-22T12:00:00.000Z', reason: 'drill' },
      },
    });
    expect(resolutionText(local)).toBe('acknowledged by alice at 2026-11-22T12:00:00.000Z: drill');
    expect(renderFindingForTerminal(local, { enabled: false })).toContain(
      '  resolved  acknowledged by alice at 2026-11-22T12:00:00.000Z: drill',
    );
  });

  it('escapes a name that is not a Slack user id', () => {
    const local = buildFindingMessage({
      kind: 'resolved',
      finding: { ...acknowledged, acknowledged: { by: '<!channel>', at: '2026-11-22T12:00:00.000Z' } },
    });
    expect(JSON.stringify(buildSlackMessage(local).blocks)).toContain('acknowledged by &lt;!channel&gt;');
  });
});
