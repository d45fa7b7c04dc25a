import { Unknown } from '../model/unknown';
import { PartialString, ResourceReference } from './cloudformation/reference';
import type { CfnResource, TemplateScope } from './normalizer';

/**
 * Readers shared by the storage normalizers (S3, KMS, DynamoDB, RDS, EBS, ...). Like `values.ts`
 * they never throw.
 */

/**
 * The value of the first spelling the record has. Config items spell some fields differently across
 * recorder versions and SDK models (`sSEDescription` / `ssedescription`, `dBClusterIdentifier` /
 * `dbclusterIdentifier`); each normalizer lists the spellings it knows, most common first. Plain
 * property lookups, no allocation: this runs for every configuration item.
 */
export function spelled(record: unknown, spellings: readonly string[]): unknown {
  if (record instanceof Unknown) return record;
  if (record === null || typeof record !== 'object') return undefined;
  const r = record as Record<string, unknown>;
  for (const key of spellings) {
    const value = r[key];
    if (value !== undefined) return value;
  }
  return undefined;
}

/** True when `value` (at any depth) refers to `logicalId` with `!Ref`, `!GetAtt` or inside `!Sub`. */
export function mentions(value: unknown, logicalId: string, depth = 0): boolean {
  if (depth > 32 || value === null || value === undefined) return false;
  if (value instanceof ResourceReference) return value.logicalId === logicalId;
  if (value instanceof PartialString) return value.parts.some((part) => mentions(part, logicalId, depth + 1));
  if (value instanceof Unknown || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (mentions(item, logicalId, depth + 1)) return true;
    return false;
  }
  for (const key in value as Record<string, unknown>) {
    if (mentions((value as Record<string, unknown>)[key], logicalId, depth + 1)) return true;
  }
  return false;
}

/** The other resources of the template whose properties mention `logicalId` anywhere. */
export function resourcesMentioning(scope: TemplateScope, logicalId: string): CfnResource[] {
  return scope.resources.filter((r) => r.logicalId !== logicalId && mentions(r.properties, logicalId));
}

/**
 * A value that names another resource (`!Ref Key`, `!GetAtt Key.Arn`, `!Sub ...key/${Key}`) is not
 * known before deploy, but it is certainly set. Such values become their display form
 * (`<GetAtt Key.Arn>`) so rules can tell "a key is configured" from "hidden behind a parameter".
 */
export function referenceAsText<T>(value: T | Unknown): T | Unknown | string {
  if (value instanceof ResourceReference) return value.toJSON();
  if (value instanceof PartialString && value.parts.some((p) => typeof p === 'string' && p !== '')) {
    return value.toJSON();
  }
  return value;
}
