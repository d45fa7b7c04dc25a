import type { ConfigItemSource } from '../../ports/inventory-source';
import { toConfigItem } from '../../rulebook/normalizers/config-item';

/**
 * Full configuration items from fixtures, keyed by resource type + id: what Config's
 * GetResourceConfigHistory would return for an oversized notification. Items in either model.
 */
export class FixtureConfigItemSource implements ConfigItemSource {
  private readonly items = new Map<string, unknown>();
  constructor(items: Iterable<unknown> = []) {
    for (const raw of items) {
      const item = toConfigItem(raw);
      this.items.set(`${item.resourceType}|${item.resourceId}`, item);
    }
  }
  async latest(resourceType: string, resourceId: string): Promise<unknown> {
    return this.items.get(`${resourceType}|${resourceId}`);
  }
}
