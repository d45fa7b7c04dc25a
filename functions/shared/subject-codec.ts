import { Unknown } from '../rulebook/model/unknown';

/**
 * Normalized subjects cross a Lambda boundary as JSON. `Unknown` serializes itself as
 * `"<unknown: reason>"` (its `toJSON`); `reviveSubject` turns those strings back into `Unknown`, so a
 * rule in the Evaluate function sees exactly what it would have seen in-process (never a false pass
 * on a value that was really unknown).
 */
const PREFIX = '<unknown: ';

export function reviveSubject<T>(value: T): T {
  return revive(value) as T;
}

function revive(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.startsWith(PREFIX) && value.endsWith('>')
      ? new Unknown(value.slice(PREFIX.length, -1))
      : value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Unknown)) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = revive(record[key]);
  }
  return value;
}
