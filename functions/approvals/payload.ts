import { z } from 'zod';
import { ACTION_IDS, SNOOZE_DAYS } from '../notifications/slack-message';

/**
 * The `block_actions` interaction payload (api.slack.com/reference/interaction-payloads/block-actions),
 * only the fields the bot uses; unknown fields are allowed (Slack adds fields over time).
 */
const action = z.looseObject({
  action_id: z.string().min(1).max(255),
  block_id: z.string().max(255).optional(),
  type: z.string(),
  value: z.string().max(2000).optional(),
  selected_option: z.looseObject({ value: z.string().max(150) }).optional(),
  action_ts: z.string().optional(),
});

export const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({
    id: z.string().min(1).max(64),
    username: z.string().max(200).optional(),
    name: z.string().max(200).optional(),
    team_id: z.string().optional(),
  }),
  team: z.looseObject({ id: z.string() }).nullish(),
  channel: z.looseObject({ id: z.string(), name: z.string().optional() }).nullish(),
  container: z
    .looseObject({ channel_id: z.string().optional(), message_ts: z.string().optional() })
    .nullish(),
  message: z.looseObject({ ts: z.string() }).nullish(),
  response_url: z.url({ protocol: /^https$/ }).optional(),
  actions: z.array(action).min(1),
});

export type BlockActionsPayload = z.infer<typeof blockActionsSchema>;

export class SlackPayloadError extends Error {
  override readonly name = 'SlackPayloadError';
}

export type InteractionAction =
  | { kind: 'approve'; approvalId: string }
  | { kind: 'reject'; approvalId: string }
  | { kind: 'snooze'; approvalId: string; days: number };

export interface Interaction {
  action: InteractionAction;
  user: { id: string; name: string };
  channelId?: string;
  messageTs?: string;
  responseUrl?: string;
}

const APPROVAL_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Parses the form body `payload=<json>` into the one action the bot acts on. */
export function parseInteraction(body: string): Interaction {
  const raw = new URLSearchParams(body).get('payload');
  if (raw === null) throw new SlackPayloadError('form body has no payload field');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new SlackPayloadError('payload is not JSON');
  }
  const parsed = blockActionsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SlackPayloadError(
      `payload is not a block_actions interaction (${issue?.path.join('.')}: ${issue?.message})`,
    );
  }
  const p = parsed.data;
  const first = p.actions[0]!;
  const channelId = p.container?.channel_id ?? p.channel?.id;
  const messageTs = p.container?.message_ts ?? p.message?.ts;
  return {
    action: toAction(first),
    user: { id: p.user.id, name: p.user.username ?? p.user.name ?? p.user.id },
    ...(channelId ? { channelId } : {}),
    ...(messageTs ? { messageTs } : {}),
    ...(p.response_url ? { responseUrl: p.response_url } : {}),
  };
}

function toAction(a: BlockActionsPayload['actions'][number]): InteractionAction {
  if (a.action_id === ACTION_IDS.approve || a.action_id === ACTION_IDS.reject) {
    if (!a.value || !APPROVAL_ID.test(a.value))
      throw new SlackPayloadError('button value is not an approval id');
    return { kind: a.action_id === ACTION_IDS.approve ? 'approve' : 'reject', approvalId: a.value };
  }
  if (a.action_id === ACTION_IDS.snooze) {
    const [approvalId, days] = (a.selected_option?.value ?? '').split(':');
    const n = Number(days);
    if (!approvalId || !APPROVAL_ID.test(approvalId) || !(SNOOZE_DAYS as readonly number[]).includes(n)) {
      throw new SlackPayloadError('snooze option is not <approvalId>:<7|30|90>');
    }
    return { kind: 'snooze', approvalId, days: n };
  }
  throw new SlackPayloadError(`unknown action ${JSON.stringify(a.action_id.slice(0, 60))}`);
}
