import type { RuleBookConfig } from './config';
import type { ResourceBase } from './model/resource';
import { type Maybe, Unknown } from './model/unknown';

/**
 * Is this resource production? From its environment tag (keys and values in `config.prod`) or its
 * account (`config.prod.accountIds`). Unknown when the tag value is hidden behind an intrinsic.
 */
export function isProd(resource: ResourceBase, config: RuleBookConfig): Maybe<boolean> {
  if (resource.accountId && config.prod.accountIds.includes(resource.accountId)) return true;
  const tags = resource.tags;
  if (tags instanceof Unknown) return tags;
  if (!tags) return false;
  // No per-call array of lower-cased values: several rules ask this for every resource.
  const values = config.prod.values;
  for (const key of config.prod.tagKeys) {
    const value = tags[key];
    if (value instanceof Unknown) return value;
    if (typeof value === 'string') {
      const lower = value.toLowerCase();
      for (const v of values) if (v.toLowerCase() === lower) return true;
    }
  }
  return false;
}
