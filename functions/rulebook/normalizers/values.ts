import type { Tags } from '../model/resource';
import { type Maybe, Unknown } from '../model/unknown';

/**
 * Readers for normalizer authors. Each takes a value from a Config item or a resolved template
 * (where unresolvable intrinsics are already `Unknown`) and returns: the typed value, `undefined`
 * when absent, or `Unknown` when it is hidden or has the wrong shape. They never throw.
 */
export function asString(value: unknown): Maybe<string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unknown) return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return new Unknown('expected a string');
}

/** CloudFormation accepts `true`, `"true"` and `"True"` for booleans; Config items use real booleans. */
export function asBoolean(value: unknown): Maybe<boolean> | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unknown) return value;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return new Unknown('expected a boolean');
}

export function asNumber(value: unknown): Maybe<number> | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value instanceof Unknown) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : new Unknown('expected a number');
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return new Unknown('expected a number');
}

export function asArray(value: unknown): Maybe<unknown[]> | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unknown) return value;
  if (Array.isArray(value)) return value;
  return new Unknown('expected a list');
}

export function asRecord(value: unknown): Maybe<Record<string, unknown>> | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unknown) return value;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return new Unknown('expected an object');
}

/** No fields at all, not even Object.prototype's: what `get` reads from a non-object. */
const NO_FIELDS: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null));

/**
 * `value` as a record to read fields from directly (`fields.cidrIp`), with `get`'s rules for one
 * step: `Unknown` stays `Unknown`, anything that is not an object has no fields. For hot paths:
 * a field read at its own call site stays fast, where `get` sees every shape of every caller.
 */
export function fieldsOf<T extends object>(value: unknown): Partial<T> | Unknown {
  if (value instanceof Unknown) return value;
  return typeof value === 'object' && value !== null ? (value as Partial<T>) : (NO_FIELDS as Partial<T>);
}

/** `get(value, key)` for one step, without the path array: for readers that run on every item. */
export function field(value: unknown, key: string | number): unknown {
  const fields = fieldsOf<Record<string | number, unknown>>(value);
  return fields instanceof Unknown ? fields : fields[key];
}

/** Walks a path; stops at the first Unknown (returned) or missing step (undefined). Case-sensitive. */
export function get(value: unknown, ...path: Array<string | number>): unknown {
  let current = value;
  for (const key of path) {
    if (current instanceof Unknown) return current;
    if (current === undefined || current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Config items often carry JSON documents as strings (S3 ACL, bucket policy, supplementary config). */
export function parseJsonish(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!(text.startsWith('{') || text.startsWith('['))) return value;
  try {
    return JSON.parse(text);
  } catch {
    return new Unknown('embedded JSON document could not be parsed');
  }
}

/** A tag value as text; objects (never valid tag values) are not asked for their own toString. */
function tagText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === null || value === undefined ? '' : (JSON.stringify(value) ?? '');
}

/** Config item tags are a map; CloudFormation tags are a `[{Key, Value}]` list (or a map for some types). */
export function tagsFrom(value: unknown): Maybe<Tags> | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unknown) return value;
  const out: Tags = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item instanceof Unknown) return item;
      if (item === null || typeof item !== 'object') return new Unknown('a tag is not a {Key, Value} object');
      const key =
        (item as { Key?: unknown; key?: unknown } | null)?.Key ?? (item as { key?: unknown } | null)?.key;
      const tagValue =
        (item as { Value?: unknown; value?: unknown }).Value ?? (item as { value?: unknown }).value;
      if (typeof key !== 'string') return new Unknown('a tag key is not a plain string');
      out[key] = tagValue instanceof Unknown ? tagValue : tagText(tagValue);
    }
    return out;
  }
  if (typeof value === 'object') {
    for (const [key, tagValue] of Object.entries(value as Record<string, unknown>)) {
      out[key] = tagValue instanceof Unknown ? tagValue : tagText(tagValue);
    }
    return out;
  }
  return new Unknown('tags are neither a list nor a map');
}
