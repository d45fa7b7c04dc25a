import { acknowledgerMrkdwn } from '../notifications/acknowledge-block';
import { escapeMrkdwn as esc } from '../notifications/text';
import type { StoredFinding } from '../ports/findings-store';
import { logger } from '../shared/logger';
import { type AcknowledgeResult, acknowledgeable, acknowledgeFinding } from './acknowledge';
import { mayApprove } from './approvers';
import type { InteractionDeps, OutcomeKind } from './interaction';
import type { Interaction } from './payload';

/**
 * The Acknowledge button of a one-off finding's card (notifications/acknowledge-block.ts), after the
 * endpoint verified the request: the user must be an approver for the finding's severity (and
 * account), as for a fix; then the finding is closed once (approvals/acknowledge.ts), the card shows
 * it resolved and its RESOLVED notice goes to SNS as every resolution's does, and the user is told.
 * Returns what to tell the user; the caller replies.
 */
export async function acknowledgeClick(
  deps: InteractionDeps,
  interaction: Interaction,
  findingId: string,
  actor: string,
): Promise<{ kind: OutcomeKind; message: string; undelivered?: unknown }> {
  const { user } = interaction;
  const finding = await deps.findings.get(findingId);
  const refused = acknowledgeable(finding);
  if (refused) return told(refused);
  const found = finding!;
  const accountId = found.resource.accountId;
  if (!mayApprove(deps.approvers, user.id, found.severity, accountId)) {
    return {
      kind: 'not-allowed',
      message: `You are not allowed to acknowledge ${esc(found.severity)} findings${accountId ? ` in account ${esc(accountId)}` : ''}. Nothing was changed.`,
    };
  }
  const result = await acknowledgeFinding(deps, found, { name: user.name, slackUserId: user.id, actor });
  if (result.kind !== 'acknowledged') return told(result);
  const failed = await announceResolution(deps, result.finding);
  if (!failed) return told(result);
  return {
    kind: 'acknowledged',
    message: `${told(result).message} Its resolution notice did not reach every channel (${errorName(failed.error)}); the acknowledgement stands.`,
    undelivered: failed.error,
  };
}

/**
 * Sends the acknowledged finding's RESOLVED notice as Notify sends every other resolution (SNS with
 * its message attributes, the Slack card and thread: `deps.notifier`), then marks the notice
 * delivered, so Record owes nothing when a copy of an acknowledged occurrence arrives. A failure
 * loses nothing: the acknowledgement is recorded and audited already, the notice stays undelivered
 * (owed: Record sends it again, to the channels that missed it, when an event about the finding
 * leaves it resolved), and the error is logged and returned for the caller to surface.
 */
async function announceResolution(
  deps: InteractionDeps,
  finding: StoredFinding,
): Promise<{ error: unknown } | undefined> {
  if (!deps.notifier) return undefined;
  try {
    await deps.notifier.notify([{ kind: 'resolved', finding }]);
  } catch (error) {
    logger.error('the acknowledgement is recorded, but its resolution notice was not delivered', {
      findingId: finding.id,
      errorName: errorName(error),
      errorMessage: error instanceof Error ? error.message : String(error),
    });
    return { error };
  }
  if (finding.notice?.kind === 'resolved') await deps.findings.markNotified(finding.id, finding.notice);
  return undefined;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

function told(result: AcknowledgeResult): { kind: OutcomeKind; message: string } {
  switch (result.kind) {
    case 'acknowledged':
      return {
        kind: 'acknowledged',
        message:
          'Acknowledged: the finding is closed in your name. A later event of the same kind opens it again.',
      };
    case 'already-acknowledged': {
      const ack = result.finding.acknowledged!;
      return {
        kind: 'already-acknowledged',
        message: `This finding was already acknowledged by ${acknowledgerMrkdwn(ack)} at ${esc(ack.at)}. Nothing more was changed.`,
      };
    }
    case 'already-resolved':
      return {
        kind: 'already-acknowledged',
        message: `This finding was already resolved${result.finding.resolvedAt ? ` at ${esc(result.finding.resolvedAt)}` : ''}. Nothing was changed.`,
      };
    case 'not-one-off':
      return {
        kind: 'not-acknowledgeable',
        message:
          'This finding closes when its check passes again; it cannot be acknowledged. Nothing was changed.',
      };
    case 'unknown-finding':
      return { kind: 'unknown-finding', message: 'This finding is unknown. Nothing was changed.' };
  }
}
