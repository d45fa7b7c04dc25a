import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * The two Slack credentials live in two Secrets Manager secrets, so each function can be granted only
 * the one it uses: the bot token (every function that posts to Slack) and the signing secret (only
 * the approval callback, which verifies Slack's requests; whoever holds it can forge an approver's
 * click).
 */
export type SlackCredential = 'botToken' | 'signingSecret';

export class SlackSecretError extends Error {
  override readonly name = 'SlackSecretError';
}

/**
 * Reads one Slack credential from its secret: the plain string (`xoxb-…` for the bot token), or JSON
 * with the credential's field (`{"botToken": "xoxb-…"}`, `{"signingSecret": "…"}`). A bot-token secret
 * that also holds the signing secret is refused: every posting function could read it there. Cached
 * per container for `ttlMs` (default 5 min) so a rotated secret is picked up without a redeploy.
 * Values are never logged nor put in an error message.
 */
export class SlackSecretProvider {
  private cached?: { value: string; until: number };
  private inflight?: Promise<string>;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
    private readonly credential: SlackCredential,
    private readonly options: { ttlMs?: number; now?: () => number } = {},
  ) {}

  async get(): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached && this.cached.until > now) return this.cached.value;
    this.inflight ??= this.fetch().finally(() => {
      this.inflight = undefined;
    });
    const value = await this.inflight;
    this.cached = { value, until: now + (this.options.ttlMs ?? 300_000) };
    return value;
  }

  private async fetch(): Promise<string> {
    const out = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    const raw = out.SecretString?.trim();
    if (!raw) throw new SlackSecretError(`secret ${this.secretId} has no SecretString`);
    if (!raw.startsWith('{')) return raw;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new SlackSecretError(`secret ${this.secretId} is not valid JSON`);
    }
    const fields = (parsed ?? {}) as Record<string, unknown>;
    if (this.credential === 'botToken' && fields.signingSecret !== undefined) {
      throw new SlackSecretError(
        `secret ${this.secretId} holds the Slack signing secret: keep only the bot token here (the signing secret has its own secret, readable only by the approval callback)`,
      );
    }
    const value = fields[this.credential];
    if (typeof value !== 'string' || value.length === 0) {
      throw new SlackSecretError(`secret ${this.secretId} has no "${this.credential}" string`);
    }
    return value;
  }
}
