import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { SlackSecretError, SlackSecretProvider } from '../../functions/adapters/aws/slack-secret';

const client = new SecretsManagerClient({ region: 'eu-west-1' });
const sm = mockClient(client);
beforeEach(() => sm.reset());

describe('SlackSecretProvider', () => {
  it('reads the JSON secret once and caches it until the TTL passes', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"botToken":"xoxb-1","signingSecret":"s3cr3t"}' });
    let now = 0;
    const provider = new SlackSecretProvider(client, 'compliance-bot/slack', { ttlMs: 1000, now: () => now });
    expect(await provider.get()).toEqual({ botToken: 'xoxb-1', signingSecret: 's3cr3t' });
    await Promise.all([provider.get(), provider.get()]);
    expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(sm).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: 'compliance-bot/slack' });
    now = 1001;
    await provider.get();
    expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });

  it('accepts a plain-string secret as the bot token', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'xoxb-plain\n' });
    expect(await new SlackSecretProvider(client, 'x').get()).toEqual({ botToken: 'xoxb-plain' });
  });

  it.each([['{"signingSecret":"s"}'], ['{not json'], ['']])(
    'rejects a bad secret %j without echoing it',
    async (value) => {
      sm.on(GetSecretValueCommand).resolves({ SecretString: value });
      const error = await new SlackSecretProvider(client, 'x').get().catch((e) => e);
      expect(error).toBeInstanceOf(SlackSecretError);
      if (value) expect(error.message).not.toContain(value);
    },
  );
});
