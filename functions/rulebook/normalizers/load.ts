import { UnsupportedResourceError } from '../errors';
import type { FindingSource, ResourceBase } from '../model/resource';
import { toConfigItem } from './config-item';
import { NORMALIZERS } from './index';
import type { ResourceNormalizer } from './normalizer';

const byType = new Map<string, ResourceNormalizer>(
  NORMALIZERS.map((n) => [n.resourceType, n as ResourceNormalizer]),
);

export function supportedResourceTypes(): string[] {
  return [...byType.keys()].sort();
}

const readByOthers = new Set(NORMALIZERS.flatMap((n) => (n as ResourceNormalizer).readsTypes ?? []));

/** True when some normalizer reads resources of `type` into its own model (see `readsTypes`). */
export function isReadByAnotherNormalizer(type: string): boolean {
  return readByOthers.has(type);
}

export function normalizerFor(type: string): ResourceNormalizer | undefined {
  return byType.get(type);
}

/** Config item (either model) to its normalized resource. Throws typed errors on bad input. */
export function normalizeConfigItem(
  raw: unknown,
  source: Extract<FindingSource, 'config' | 'snapshot'> = 'config',
): ResourceBase {
  const item = toConfigItem(raw);
  const normalizer = byType.get(item.resourceType);
  if (!normalizer) throw new UnsupportedResourceError(item.resourceType);
  return normalizer.fromConfigItem(item, source);
}
