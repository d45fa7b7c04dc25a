import { describe, expect, it } from 'vitest';
import { SlackInteractionResponder } from '../../functions/adapters/slack/interaction-slack';
import type { Interaction } from '../../functions/approvals/payload';

function setup(status = 200) {
  const fetched: Array<{ url: string; body: unknown }> = [];
  const ephemeral: unknown[][] = [];
  const responder = new SlackInteractionResponder(
    {
      showApproval: async () => {},
      postEphemeral: async (...args) => void ephemeral.push(args),
    },
    {
      fetch: (async (url: string, init: RequestInit) => {
        fetched.push({ url, body: JSON.parse(String(init.body)) });
        return new Response('ok', { status });
      }) as unknown as typeof fetch,
    },
  );
  return { responder, fetched, ephemeral };
}

const base: Interaction = {
  action: { kind: 'approve', approvalId: 'apr_1' },
  user: { id: 'U1', name: 'sam' },
  channelId: 'C1',
  messageTs: '1.2',
};

describe('SlackInteractionResponder', () => {
  it('replies ephemerally through a Slack response_url', async () => {
    const { responder, fetched, ephemeral } = setup();
    await responder.tellUser({ ...base, responseUrl: 'https://hooks.slack.com/actions/T/1/x' }, 'hi');
    expect(fetched).toEqual([
      {
        url: 'https://hooks.slack.com/actions/T/1/x',
        body: { response_type: 'ephemeral', replace_original: false, text: 'hi' },
      },
    ]);
    expect(ephemeral).toEqual([]);
  });

  it('never follows a response_url outside hooks.slack.com; uses chat.postEphemeral instead', async () => {
    const { responder, fetched, ephemeral } = setup();
    await responder.tellUser({ ...base, responseUrl: 'https://hooks.slack.com.evil.example/x' }, 'hi');
    expect(fetched).toEqual([]);
    expect(ephemeral).toEqual([['C1', 'U1', 'hi']]);
  });

  it('falls back to chat.postEphemeral when the response_url fails', async () => {
    const { responder, ephemeral } = setup(404);
    await responder.tellUser({ ...base, responseUrl: 'https://hooks.slack.com/actions/T/1/x' }, 'hi');
    expect(ephemeral).toEqual([['C1', 'U1', 'hi']]);
  });
});
