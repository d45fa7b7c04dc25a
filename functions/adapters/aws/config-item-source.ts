import {
  ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  ResourceNotDiscoveredException,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { ConfigItemSource } from '../../ports/inventory-source';
import { toConfigItem } from '../../rulebook/normalizers/config-item';
import { rethrowTransient } from '../../shared/errors';
import { assertExecutionTarget } from '../../shared/execution-target';
import { SESSION_NAME_PREFIX } from './session-name';

/** The Config client for the account and region that recorded an item. */
export type ConfigClientFor = (accountId: string, region: string) => Promise<ConfigServiceClient>;

/**
 * The full configuration item behind an oversized notification: `GetResourceConfigHistory` with
 * `laterTime` = the notification's capture time and `limit: 1` (newest first), converted from the API
 * model with `toConfigItem`. Config history is per account and region: pass one client (the
 * function's own account) or a factory such as `memberAccountConfigClients` (a read-only role in
 * each member account).
 */
export class ConfigHistoryItemSource implements ConfigItemSource {
  constructor(private readonly clients: ConfigServiceClient | ConfigClientFor) {}

  async latest(
    resourceType: string,
    resourceId: string,
    accountId: string,
    region: string,
    laterTime?: string,
  ) {
    try {
      const client =
        typeof this.clients === 'function' ? await this.clients(accountId, region) : this.clients;
      const result = await client.send(
        new GetResourceConfigHistoryCommand({
          resourceType: resourceType as ResourceType,
          resourceId,
          ...(laterTime ? { laterTime: new Date(laterTime) } : {}),
          chronologicalOrder: 'Reverse',
          limit: 1,
        }),
      );
      const item = result.configurationItems?.[0];
      return item ? toConfigItem(item) : undefined;
    } catch (error) {
      if (error instanceof ResourceNotDiscoveredException) return undefined;
      return rethrowTransient(error, 'Config GetResourceConfigHistory');
    }
  }
}

/**
 * Config clients for member accounts: assumes `arn:<partition>:iam::<account>:role/<roleName>` (a
 * read-only role whose only permission is config:GetResourceConfigHistory) and caches the client per
 * account and region until 5 minutes before the credentials expire. `homeAccountId` (the function's
 * own account) uses the function's role directly.
 */
export function memberAccountConfigClients(
  sts: STSClient,
  roleName: string,
  options: { homeAccountId?: string; partition?: string; clock?: () => number } = {},
): ConfigClientFor {
  const cache = new Map<string, { client: ConfigServiceClient; refreshAt: number }>();
  const clock = options.clock ?? Date.now;
  return async (accountId, region) => {
    const key = `${accountId}|${region}`;
    const hit = cache.get(key);
    if (hit && clock() < hit.refreshAt) return hit.client;
    if (accountId === options.homeAccountId) {
      const client = new ConfigServiceClient({ region });
      cache.set(key, { client, refreshAt: Number.POSITIVE_INFINITY });
      return client;
    }
    // The account id comes from an event: checked before it becomes part of a role ARN.
    assertExecutionTarget({ accountId, region });
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:${options.partition ?? 'aws'}:iam::${accountId}:role/${roleName}`,
        RoleSessionName: `${SESSION_NAME_PREFIX}config-read`,
        DurationSeconds: 900,
      }),
    );
    const c = assumed.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
      throw new Error(`AssumeRole into ${accountId} returned no credentials`);
    }
    const client = new ConfigServiceClient({
      region,
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
      },
    });
    const expires = c.Expiration ? new Date(c.Expiration).getTime() : clock() + 900_000;
    cache.set(key, { client, refreshAt: expires - 300_000 });
    return client;
  };
}
