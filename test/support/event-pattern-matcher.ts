/**
 * A small EventBridge pattern matcher (literal lists, `exists`, `prefix`, `anything-but` with a value
 * or a list, `$or`, nested objects): enough to check the synthesized patterns against the real sample
 * events. It is not EventBridge; the samples are the contract, `aws events test-event-pattern` the
 * final word. As in EventBridge, a value list matches when any element does, and only `exists: false`
 * matches a field the event does not have (`anything-but` needs the field).
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (typeof pattern !== 'object' || pattern === null) return false;
  const p = pattern as Record<string, unknown>;
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  for (const [key, expected] of Object.entries(p)) {
    if (key === '$or') {
      if (!(expected as unknown[]).some((branch) => matchesPattern(branch, e))) return false;
      continue;
    }
    const actual = e[key];
    if (Array.isArray(expected)) {
      if (!expected.some((option) => matchesValue(option, actual))) return false;
    } else if (!matchesPattern(expected, actual)) {
      return false;
    }
  }
  return true;
}

/** One element of a pattern's value list against the event's value (an array matches by any element). */
function matchesValue(option: unknown, actual: unknown): boolean {
  if (typeof option === 'object' && option !== null) {
    if ('exists' in option) return (option as { exists: boolean }).exists === (actual !== undefined);
    if ('anything-but' in option) {
      if (actual === undefined) return false;
      const excluded = (option as { 'anything-but': unknown })['anything-but'];
      const list = Array.isArray(excluded) ? excluded : [excluded];
      const values = Array.isArray(actual) ? actual : [actual];
      return values.some((value) => !list.includes(value));
    }
    if ('prefix' in option) {
      const prefix = (option as { prefix: string }).prefix;
      const values = Array.isArray(actual) ? actual : [actual];
      return values.some((value) => typeof value === 'string' && value.startsWith(prefix));
    }
    throw new Error(`the test matcher does not know the operator ${JSON.stringify(option)}`);
  }
  return Array.isArray(actual) ? actual.includes(option) : actual === option;
}
