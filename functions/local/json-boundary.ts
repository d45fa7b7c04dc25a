/**
 * What a value becomes when it crosses a Lambda boundary: `JSON.parse(JSON.stringify(value))`,
 * computed in one walk instead of printing and re-parsing text (about 2-4 times faster on the
 * handlers' results, which the local runtime converts at every Task state).
 *
 * Same rules as JSON: `toJSON(key)` is called (Date -> ISO string), `undefined`, functions and
 * symbols are dropped from objects and become `null` in arrays, non-finite numbers become `null`,
 * `-0` becomes `0`, class instances become plain objects of their own enumerable properties, boxed
 * primitives are unboxed. BigInts, cycles and very deep values go through JSON itself, so they
 * throw (or not) exactly as `JSON.stringify` does.
 */
export function jsonValue<T>(value: T): T {
  if (value === undefined) return value;
  return convert(value, '', 0) as T;
}

/**
 * `jsonValue`, plus an upper bound of the UTF-8 bytes of `JSON.stringify(value)` counted on the
 * same walk (every character of a string or key at most 6 bytes, as `\u0000`; every value or key at
 * most 26 bytes of number, quotes and punctuation), so a caller can skip measuring the exact size
 * of the small values it sees almost always.
 */
export function jsonValueBounded<T>(value: T): { value: T; maxBytes: number } {
  chars = 0;
  values = 0;
  const out = jsonValue(value);
  return { value: out, maxBytes: 6 * chars + 26 * values };
}

/** Characters of strings and keys, and values and keys, seen by the current walk (single-threaded). */
let chars = 0;
let values = 0;

/** Deeper than this, defer to JSON (a cycle, or a value deeper than any Lambda payload). */
const MAX_DEPTH = 256;
const OWN = { enumerable: true, writable: true, configurable: true };

/** SerializeJSONProperty: `toJSON(key)` once (on objects and BigInts), then the value itself. */
function convert(value: unknown, key: string, depth: number): unknown {
  if (value !== null && (typeof value === 'object' || typeof value === 'bigint')) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return serialize(toJSON.call(value, key), key, depth);
  }
  return serialize(value, key, depth);
}

function serialize(value: unknown, key: string, depth: number): unknown {
  values++;
  switch (typeof value) {
    case 'string':
      chars += value.length;
      return value;
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : null;
    case 'object':
      break;
    case 'bigint':
      return viaJson(value, key);
    default:
      return undefined;
  }
  if (value === null) return null;
  if (depth > MAX_DEPTH) return viaJson(value, key);
  if (Array.isArray(value)) {
    const length = value.length;
    const out = new Array<unknown>(length);
    for (let i = 0; i < length; i++) {
      const item = convert(value[i], String(i), depth + 1);
      out[i] = item === undefined ? null : item;
    }
    return out;
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    return viaJson(value, key);
  }
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    chars += k.length;
    const item = convert(record[k], k, depth + 1);
    if (item === undefined) continue;
    if (k === '__proto__') Object.defineProperty(out, k, { value: item, ...OWN });
    else out[k] = item;
  }
  return out;
}

/** The JSON round trip itself, under the same key (it throws where JSON throws). */
function viaJson(value: unknown, key: string): unknown {
  const text = JSON.stringify({ [key]: value });
  chars += text.length;
  return (JSON.parse(text) as Record<string, unknown>)[key];
}
