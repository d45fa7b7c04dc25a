import { ACKNOWLEDGE_ACTION_ID, FINDING_ID } from '../notifications/acknowledge-block';
import { ACTION_IDS, SNOOZE_DAYS } from '../notifications/slack-message';
import { safeParse } from '../shared/schemas';
import * as z from '../shared/zod';

/**
 * The `block_actions` interaction payload (api.slack.com/reference/interaction-payloads/block-actions),
 * only the fields the bot uses; unknown fields are allowed (Slack adds fields over time).
 */
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
const upTo = (max: number) => z.optional(z.string().check(z.maxLength(max)));

const action = z.looseObject({
  action_id: text(1, 255),
  block_id: upTo(255),
  type: z.string(),
  value: upTo(2000),
  selected_option: z.optional(z.looseObject({ value: z.string().check(z.maxLength(150)) })),
  action_ts: z.optional(z.string()),
});

export const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({
    id: text(1, 64),
    username: upTo(200),
    name: upTo(200),
    team_id: z.optional(z.string()),
  }),
  team: z.nullish(z.looseObject({ id: z.string() })),
  channel: z.nullish(z.looseObject({ id: z.string(), name: z.optional(z.string()) })),
  container: z.nullish(
    z.looseObject({ channel_id: z.optional(z.string()), message_ts: z.optional(z.string()) }),
  ),
  message: z.nullish(z.looseObject({ ts: z.string() })),
  response_url: z.optional(z.url({ protocol: /^https$/ })),
  actions: z.array(action).check(z.minLength(1)),
});

export type BlockActionsPayload = z.infer<typeof blockActionsSchema>;

export class SlackPayloadError extends Error {
  override readonly name = 'SlackPayloadError';
}

export type InteractionAction =
  | { kind: 'approve'; approvalId: string }
  | { kind: 'reject'; approvalId: string }
  | { kind: 'snooze'; approvalId: string; days: number }
  /** A one-off finding closed as reviewed (notifications/acknowledge-block.ts): the button carries its id. */
  | { kind: 'acknowledge'; findingId: string };

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
  const parsed = safeParse(blockActionsSchema, json);
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
  if (a.action_id === ACKNOWLEDGE_ACTION_ID) {
    if (!a.value || !FINDING_ID.test(a.value))
      throw new SlackPayloadError('button value is not a finding id');
    return { kind: 'acknowledge', findingId: a.value };
  }
  throw new SlackPayloadError(`unknown action ${JSON.stringify(a.action_id.slice(0, 60))}`);
}
