import {
  type ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  ResourceNotDiscoveredException,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import type { ConfigItemSource } from '../../ports/inventory-source';
import { toConfigItem } from '../../rulebook/normalizers/config-item';
import { rethrowTransient } from '../../shared/errors';

/**
 * The full configuration item behind an oversized notification: `GetResourceConfigHistory` with
 * `laterTime` = the notification's capture time and `limit: 1` (newest first), converted from the API
 * model with `toConfigItem`. Runs in the account and region that recorded the item (for a central
 * account, pass a client for that account/region, or use an aggregator-backed source).
 */
export class ConfigHistoryItemSource implements ConfigItemSource {
  constructor(private readonly client: ConfigServiceClient) {}

  async latest(
    resourceType: string,
    resourceId: string,
    _accountId: string,
    _region: string,
    laterTime?: string,
  ) {
    try {
      const result = await this.client.send(
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
