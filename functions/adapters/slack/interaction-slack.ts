import type { InteractionSlack } from '../../approvals/interaction';
import type { Interaction } from '../../approvals/payload';
import type { StoredFinding } from '../../ports/findings-store';
import type { ApprovalView } from '../../ports/notifier';
import type { SlackNotifier } from './slack-notifier';

/**
 * Slack side of the approval endpoint. Replies go to the interaction's `response_url` (ephemeral,
 * original message kept) when it is a Slack hooks URL, else `chat.postEphemeral`. Only
 * `https://hooks.slack.com/` URLs are followed, so a forged payload cannot make the bot POST elsewhere
 * (the payload is signed, but defence in depth is cheap).
 */
export class SlackInteractionResponder implements InteractionSlack {
  constructor(
    private readonly notifier: Pick<SlackNotifier, 'showApproval' | 'postEphemeral'>,
    private readonly options: { responseUrlPrefix?: string; fetch?: typeof fetch } = {},
  ) {}

  async tellUser(interaction: Interaction, text: string): Promise<void> {
    const prefix = this.options.responseUrlPrefix ?? 'https://hooks.slack.com/';
    if (interaction.responseUrl?.startsWith(prefix)) {
      const res = await (this.options.fetch ?? fetch)(interaction.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
        redirect: 'error',
        signal: AbortSignal.timeout(5000),
      });
      if (res.ok) return;
    }
    if (interaction.channelId) {
      await this.notifier.postEphemeral(interaction.channelId, interaction.user.id, text);
    }
  }

  async showApproval(finding: StoredFinding, approval: ApprovalView): Promise<void> {
    await this.notifier.showApproval(finding, approval);
  }
}
