import { acknowledgeBlocks, acknowledgedMrkdwn } from './acknowledge-block';
import type { FindingMessage } from './model';
import { accountLabel, changeSummary, coverLines, DECISION_TEXT, planLines, resolutionText } from './model';
import { link, mrkdwn, truncate } from './text';

/**
 * Block Kit for one finding (pure). Limits (docs.slack.dev block-kit reference): ≤ 50 blocks per
 * message; header text ≤ 150; section text ≤ 3,000; ≤ 10 fields of ≤ 2,000; context ≤ 10 elements;
 * button text ≤ 75, value ≤ 2,000, action_id ≤ 255; confirm title ≤ 100, text ≤ 300, confirm/deny
 * ≤ 30; option text ≤ 75, value ≤ 150. Buttons carry only the short approval id, never a task token.
 */
export const LIMITS = {
  blocks: 50,
  header: 150,
  sectionText: 3000,
  field: 2000,
  fields: 10,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  optionText: 75,
  optionValue: 150,
  fallbackText: 4000,
} as const;

export const ACTION_IDS = {
  approve: 'remediation_approve',
  reject: 'remediation_reject',
  snooze: 'finding_snooze',
} as const;

export const APPROVAL_BLOCK_ID = 'approval_actions';
export const SNOOZE_DAYS = [7, 30, 90] as const;

const APPROVAL_ID = /^[A-Za-z0-9_-]{1,100}$/;

export type Block = { type: string; [key: string]: unknown };
export interface SlackMessage {
  /** Notification / fallback text (screen readers, push notifications). */
  text: string;
  blocks: Block[];
}

const plain = (text: string, max: number) => ({ type: 'plain_text', text: truncate(text, max), emoji: true });
const md = (text: string) => ({ type: 'mrkdwn', text });

/** Value of a snooze option: `<approvalId>:<days>`. */
export function snoozeValue(approvalId: string, days: number): string {
  return `${approvalId}:${days}`;
}

export function buildSlackMessage(message: FindingMessage): SlackMessage {
  const resolved = message.status === 'resolved';
  const headline = resolved
    ? `:white_check_mark: Resolved: ${message.title}`
    : `${message.severityEmoji} ${message.severityLabel}: ${message.title}`;
  const blocks: Block[] = [{ type: 'header', text: plain(headline, LIMITS.header) }];

  const account = accountLabel(message.account);
  const resource = message.resource.url
    ? link(message.resource.url, truncate(message.resource.label, 500))
    : `\`${mrkdwn(message.resource.label, 500)}\``;
  const fields = [
    `*Severity*\n${message.severityEmoji} ${message.severityLabel}${resolved ? ' (resolved)' : ''}`,
    `*Pillar*\n${mrkdwn(message.pillar, 200)}`,
    account ? `*Account*\n${mrkdwn(account, 500)}` : undefined,
    message.region ? `*Region*\n${mrkdwn(message.region, 100)}` : undefined,
    `*Resource*\n${mrkdwn(message.resource.type, 200)}\n${resource}`,
    message.actor ? `*Caused by*\n${mrkdwn(message.actor, 500)}` : undefined,
  ].filter((f): f is string => f !== undefined);
  blocks.push({
    type: 'section',
    fields: fields.slice(0, LIMITS.fields).map((f) => md(truncate(f, LIMITS.field))),
  });

  if (resolved) blocks.push({ type: 'section', text: md(`*Resolved* ${resolvedMrkdwn(message)}`) });
  const found = [`*What was found*${resolved ? ' (no longer true)' : ''}`, mrkdwn(message.message, 1000)];
  if (message.evidence.length > 0) {
    found.push(`\`\`\`${mrkdwn(message.evidence.join('\n'), LIMITS.sectionText - 1200)}\`\`\``);
  }
  blocks.push({ type: 'section', text: md(truncate(found.join('\n'), LIMITS.sectionText)) });
  if (!resolved) {
    blocks.push({
      type: 'section',
      text: md(`*Why it matters*\n${mrkdwn(message.rationale, LIMITS.sectionText - 20)}`),
    });
    blocks.push({
      type: 'section',
      text: md(`*Recommendation*\n${mrkdwn(message.recommendation, LIMITS.sectionText - 20)}`),
    });
  }

  const approval = message.approval;
  if (approval && !resolved) {
    blocks.push({ type: 'divider' });
    const lines = planLines(approval);
    const head = `*Proposed fix:* ${mrkdwn(approval.title, 300)}${approval.destructive ? '  :warning: *destructive*' : ''}`;
    const note = approval.irreversibleNote ? `\n:warning: ${mrkdwn(approval.irreversibleNote, 500)}` : '';
    const plan =
      lines.length > 0 ? `\n\`\`\`${mrkdwn(lines.join('\n'), LIMITS.sectionText - 1000)}\`\`\`` : '';
    blocks.push({ type: 'section', text: md(truncate(`${head}${note}${plan}`, LIMITS.sectionText)) });
    const covered = coverLines(approval);
    if (covered.length > 0) {
      const list = covered.map((line) => `• ${mrkdwn(line, 300)}`).join('\n');
      blocks.push({
        type: 'section',
        text: md(
          truncate(
            `*The same fix also resolves* (this resource, one decision for all):\n${list}`,
            LIMITS.sectionText,
          ),
        ),
      });
    }
    if (approval.state === 'pending') {
      blocks.push(
        approvalActions(approval.approvalId, approval.destructive, lines, approval.irreversibleNote),
      );
      if (approval.expiresAt) {
        blocks.push({ type: 'context', elements: [md(`Request expires ${mrkdwn(approval.expiresAt, 60)}`)] });
      }
    } else {
      const who = approval.decidedBy ? ` by ${mrkdwn(approval.decidedBy, 100)}` : '';
      const when = approval.decidedAt ? ` at ${mrkdwn(approval.decidedAt, 60)}` : '';
      const outcome = approval.outcome ? `: ${mrkdwn(approval.outcome, 500)}` : '';
      blocks.push({
        type: 'context',
        elements: [md(`*Fix ${DECISION_TEXT[approval.state]}*${who}${when}${outcome}`)],
      });
    }
  }

  blocks.push(...acknowledgeBlocks(message));

  const context = [
    `Rule \`${mrkdwn(message.ruleId, 100)}\``,
    mrkdwn(message.seed, 300),
    ...(message.references.length > 0 ? [mrkdwn(message.references.join(', '), 500)] : []),
    `Finding \`${mrkdwn(message.findingId, 200)}\``,
    resolved && message.resolvedAt
      ? `resolved ${mrkdwn(message.resolvedAt, 40)}`
      : `seen ${mrkdwn(message.observedAt, 40)}`,
  ];
  blocks.push({ type: 'context', elements: context.slice(0, LIMITS.contextElements).map(md) });

  const fallback = resolved
    ? `Resolved: ${message.title} on ${message.resource.label}`
    : `${message.severityLabel}: ${message.title} on ${message.resource.label}${account ? ` (${account})` : ''}`;
  // The fallback is mrkdwn too (notifications, screen readers): escaped, so a resource name cannot
  // mention `<!channel>` or disguise a link.
  return { text: mrkdwn(fallback, LIMITS.fallbackText), blocks: blocks.slice(0, LIMITS.blocks) };
}

function approvalActions(approvalId: string, destructive: boolean, planText: string[], note?: string): Block {
  if (!APPROVAL_ID.test(approvalId)) {
    throw new Error(
      `approval id must be 1-100 characters of [A-Za-z0-9_-], got ${JSON.stringify(approvalId.slice(0, 40))}`,
    );
  }
  const confirmText = [
    destructive ? 'DESTRUCTIVE. ' : '',
    note ? `${note} ` : '',
    planText.length > 0 ? `Calls: ${planText.join('; ')}` : 'No API call is needed.',
  ].join('');
  return {
    type: 'actions',
    block_id: APPROVAL_BLOCK_ID,
    elements: [
      {
        type: 'button',
        action_id: ACTION_IDS.approve,
        style: 'primary',
        value: approvalId,
        text: plain('Approve fix', LIMITS.buttonText),
        confirm: {
          title: { type: 'plain_text', text: truncate('Apply this remediation?', LIMITS.confirmTitle) },
          text: { type: 'plain_text', text: truncate(confirmText, LIMITS.confirmText) },
          confirm: { type: 'plain_text', text: 'Apply' },
          deny: { type: 'plain_text', text: 'Cancel' },
          ...(destructive ? { style: 'danger' } : { style: 'primary' }),
        },
      },
      {
        type: 'button',
        action_id: ACTION_IDS.reject,
        style: 'danger',
        value: approvalId,
        text: plain('Reject', LIMITS.buttonText),
      },
      {
        type: 'static_select',
        action_id: ACTION_IDS.snooze,
        placeholder: plain('Snooze…', LIMITS.optionText),
        options: SNOOZE_DAYS.map((days) => ({
          text: plain(`Snooze ${days} days`, LIMITS.optionText),
          value: snoozeValue(approvalId, days),
        })),
      },
    ],
  };
}

/** The thread reply posted when a finding changes, resolves, or its fix is decided. */
export function buildThreadReply(message: FindingMessage): SlackMessage {
  const text = changeSummary(message);
  const body =
    message.kind === 'resolved' && message.acknowledged
      ? `Resolved ${resolvedMrkdwn(message)}.`
      : mrkdwn(text, LIMITS.sectionText);
  return {
    text: mrkdwn(text, LIMITS.fallbackText),
    blocks: [{ type: 'section', text: md(body) }],
  };
}

/** How the finding was resolved, in mrkdwn: an acknowledgement names its user as a mention. */
function resolvedMrkdwn(message: FindingMessage): string {
  return message.acknowledged
    ? acknowledgedMrkdwn(message.acknowledged)
    : mrkdwn(resolutionText(message), 500);
}

/** One message listing the most severe items of a burst, instead of one post each. */
export function buildDigestMessage(
  messages: readonly FindingMessage[],
  total: number,
  top = 15,
): SlackMessage {
  const shown = messages.slice(0, top);
  const blocks: Block[] = [
    { type: 'header', text: plain(`${total} compliance findings in one burst`, LIMITS.header) },
    {
      type: 'section',
      text: md(
        `Showing the ${shown.length} most severe. Each one gets its own thread when it changes again.`,
      ),
    },
  ];
  for (const m of shown) {
    const account = accountLabel(m.account);
    const resource = m.resource.url
      ? link(m.resource.url, truncate(m.resource.label, 200))
      : `\`${mrkdwn(m.resource.label, 200)}\``;
    const state =
      m.status === 'resolved' ? ':white_check_mark: resolved' : `${m.severityEmoji} *${m.severityLabel}*`;
    blocks.push({
      type: 'section',
      text: md(
        truncate(
          `${state} ${mrkdwn(m.title, 300)}\n${resource}${account ? ` · ${mrkdwn(account, 300)}` : ''}`,
          LIMITS.sectionText,
        ),
      ),
    });
  }
  if (total > shown.length)
    blocks.push({ type: 'context', elements: [md(`… and ${total - shown.length} more`)] });
  return { text: `${total} compliance findings`, blocks: blocks.slice(0, LIMITS.blocks) };
}
