import { Unknown } from '../model/unknown';
import { PartialString, ResourceReference } from './cloudformation/reference';

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

/**
 * Every logical id `value` (at any depth) refers to with `!Ref`, `!GetAtt` or inside `!Sub`: one walk
 * collects them all, so a template's resources are indexed by what they mention in one pass.
 */
export function mentionedIds(value: unknown, out = new Set<string>(), depth = 0): Set<string> {
  if (depth > 32 || value === null || value === undefined) return out;
  if (value instanceof ResourceReference) out.add(value.logicalId);
  else if (value instanceof PartialString) for (const part of value.parts) mentionedIds(part, out, depth + 1);
  else if (value instanceof Unknown || typeof value !== 'object') return out;
  else if (Array.isArray(value)) for (const item of value) mentionedIds(item, out, depth + 1);
  else
    for (const key in value as Record<string, unknown>)
      mentionedIds((value as Record<string, unknown>)[key], out, depth + 1);
  return out;
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
