import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { rethrowTransient } from '../../shared/errors';

/** Slack credentials as stored in the Slack secret (JSON). */
export interface SlackSecret {
  botToken?: string;
  signingSecret?: string;
}

/**
 * Reads a JSON secret once per container and caches it for `ttlMs` (rotation is picked up after
 * that). The value is never logged.
 */
export function cachedSecret(client: SecretsManagerClient, secretId: string, ttlMs = 5 * 60_000) {
  let cached: { at: number; value: SlackSecret } | undefined;
  return async (): Promise<SlackSecret> => {
    if (cached && Date.now() - cached.at < ttlMs) return cached.value;
    try {
      const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      const value = JSON.parse(result.SecretString ?? '{}') as SlackSecret;
      cached = { at: Date.now(), value };
      return value;
    } catch (error) {
      return rethrowTransient(error, 'Secrets Manager GetSecretValue');
    }
  };
}
