import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { SlackSecretError, SlackSecretProvider } from '../../functions/adapters/aws/slack-secret';

const client = new SecretsManagerClient({ region: 'eu-west-1' });
const sm = mockClient(client);
beforeEach(() => sm.reset());

describe('SlackSecretProvider', () => {
  it('reads the secret once and caches it until the TTL passes', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'xoxb-1' });
    let now = 0;
    const provider = new SlackSecretProvider(client, 'compliance-bot/slack-bot-token', 'botToken', {
      ttlMs: 1000,
      now: () => now,
    });
    // Act
    const token = await provider.get();
    await Promise.all([provider.get(), provider.get()]);
    // Assess
    expect(token).toBe('xoxb-1');
    expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(sm).toHaveReceivedCommandWith(GetSecretValueCommand, {
      SecretId: 'compliance-bot/slack-bot-token',
    });
    now = 1001;
    await provider.get();
    expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });

  it.each([
    { credential: 'botToken' as const, secret: 'xoxb-plain\n', value: 'xoxb-plain' },
    { credential: 'botToken' as const, secret: '{"botToken":"xoxb-json"}', value: 'xoxb-json' },
    { credential: 'signingSecret' as const, secret: ' 8f2a\n', value: '8f2a' },
    { credential: 'signingSecret' as const, secret: '{"signingSecret":"8f2b"}', value: '8f2b' },
    // A signing secret left in the old combined format still verifies (only the callback reads it).
    {
      credential: 'signingSecret' as const,
      secret: '{"botToken":"xoxb-1","signingSecret":"8f2c"}',
      value: '8f2c',
    },
  ])('reads the $credential from $secret', async ({ credential, secret, value }) => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: secret });
    expect(await new SlackSecretProvider(client, 'x', credential).get()).toBe(value);
  });

  it('refuses a bot-token secret that also holds the signing secret, without echoing either', async () => {
    // Prepare: the old combined secret pasted into the bot-token secret, which every posting function reads
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"botToken":"xoxb-1","signingSecret":"s3cr3t"}' });
    // Act
    const error = await new SlackSecretProvider(client, 'x', 'botToken').get().catch((e) => e);
    // Assess
    expect(error).toBeInstanceOf(SlackSecretError);
    expect(error.message).toContain('signing secret');
    expect(error.message).not.toMatch(/s3cr3t|xoxb-1/);
  });

  it.each([
    ['botToken', '{"signingSecret":"s"}'],
    ['botToken', '{not json'],
    ['botToken', ''],
    ['signingSecret', '{"botToken":"xoxb-2"}'],
    ['signingSecret', '   '],
  ] as const)('rejects a bad %s secret %j without echoing it', async (credential, value) => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: value });
    const error = await new SlackSecretProvider(client, 'x', credential).get().catch((e) => e);
    expect(error).toBeInstanceOf(SlackSecretError);
    if (value.trim()) expect(error.message).not.toContain(value);
  });
});
