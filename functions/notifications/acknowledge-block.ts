import type { Acknowledgement } from '../ports/findings-store';
import type { FindingMessage } from './model';
import { mrkdwn, truncate } from './text';

/**
 * The Acknowledge button of a one-off finding (rulebook/one-off.ts: an activity or a cost anomaly,
 * which no later event resolves). A click reaches the approval endpoint (approvals/acknowledge.ts),
 * which checks the approver for the finding's severity and closes the finding once, in the user's
 * name. Pure Block Kit, like slack-message.ts; the button carries the finding id only.
 */
export const ACKNOWLEDGE_ACTION_ID = 'finding_acknowledge';
export const ACKNOWLEDGE_BLOCK_ID = 'acknowledge_actions';

/** What a button value may hold (finding ids are 24 hex characters; tests use readable ids). */
export const FINDING_ID = /^[A-Za-z0-9_-]{1,100}$/;

type Block = { type: string; [key: string]: unknown };
const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });

/**
 * Whether the card offers Acknowledge: an open one-off finding, unless a fix awaits a decision (its
 * Approve / Reject / Snooze come first; once decided the card offers Acknowledge).
 */
export function offersAcknowledge(message: FindingMessage): boolean {
  return (
    message.oneOff === true &&
    message.status === 'open' &&
    message.approval?.state !== 'pending' &&
    FINDING_ID.test(message.findingId)
  );
}

/** The hint and the button, or nothing. */
export function acknowledgeBlocks(message: FindingMessage): Block[] {
  if (!offersAcknowledge(message)) return [];
  return [
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'One-off event: no later event closes this finding. Acknowledge it once it is reviewed.',
        },
      ],
    },
    {
      type: 'actions',
      block_id: ACKNOWLEDGE_BLOCK_ID,
      elements: [
        {
          type: 'button',
          action_id: ACKNOWLEDGE_ACTION_ID,
          value: message.findingId,
          text: plain('Acknowledge'),
          confirm: {
            title: plain('Acknowledge this finding?'),
            text: plain(
              truncate(
                `Closes "${message.title}" as reviewed, in your name (audited). A later event of the same kind opens it again.`,
                300,
              ),
            ),
            confirm: plain('Acknowledge'),
            deny: plain('Cancel'),
          },
        },
      ],
    },
  ];
}

/** `<@U…>` when the Slack user is known (a mention), else the name, escaped. */
export function acknowledgerMrkdwn(ack: Acknowledgement): string {
  return ack.slackUserId && /^[UW][A-Z0-9]{2,}$/.test(ack.slackUserId)
    ? `<@${ack.slackUserId}>`
    : mrkdwn(ack.by, 100);
}

/** The resolution line of an acknowledged finding, in mrkdwn (the mention is not escaped). */
export function acknowledgedMrkdwn(ack: Acknowledgement): string {
  const reason = ack.reason ? `: ${mrkdwn(ack.reason, 400)}` : '';
  return `acknowledged by ${acknowledgerMrkdwn(ack)} at ${mrkdwn(ack.at, 40)}${reason}`;
}
