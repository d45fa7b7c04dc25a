import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * The Slack bot token and signing secret, from one Secrets Manager secret (JSON
 * `{"botToken": "xoxb-…", "signingSecret": "…"}`, or a plain string = the bot token). Cached per
 * container for `ttlMs` (default 5 min) so a rotated secret is picked up without a redeploy. The
 * values are never logged.
 */
export interface SlackSecret {
  botToken: string;
  signingSecret?: string;
}

export class SlackSecretError extends Error {
  override readonly name = 'SlackSecretError';
}

export class SlackSecretProvider {
  private cached?: { value: SlackSecret; until: number };
  private inflight?: Promise<SlackSecret>;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
    private readonly options: { ttlMs?: number; now?: () => number } = {},
  ) {}

  async get(): Promise<SlackSecret> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached && this.cached.until > now) return this.cached.value;
    this.inflight ??= this.fetch().finally(() => {
      this.inflight = undefined;
    });
    const value = await this.inflight;
    this.cached = { value, until: now + (this.options.ttlMs ?? 300_000) };
    return value;
  }

  private async fetch(): Promise<SlackSecret> {
    const out = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    const raw = out.SecretString;
    if (!raw) throw new SlackSecretError(`secret ${this.secretId} has no SecretString`);
    if (!raw.trimStart().startsWith('{')) return { botToken: raw.trim() };
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new SlackSecretError(`secret ${this.secretId} is not valid JSON`);
    }
    const { botToken, signingSecret } = (parsed ?? {}) as Record<string, unknown>;
    if (typeof botToken !== 'string' || botToken.length === 0) {
      throw new SlackSecretError(`secret ${this.secretId} has no "botToken" string`);
    }
    return { botToken, ...(typeof signingSecret === 'string' && signingSecret ? { signingSecret } : {}) };
  }
}
