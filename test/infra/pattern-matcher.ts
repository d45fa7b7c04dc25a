/**
 * A small EventBridge pattern matcher (literal lists, `exists`, `$or`, nested objects): enough to
 * check the synthesized patterns against the real sample events. It is not EventBridge; the samples
 * are the contract, `aws events test-event-pattern` the final word.
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
      const ok = expected.some((option) => {
        if (typeof option === 'object' && option !== null && 'exists' in option) {
          return (option as { exists: boolean }).exists === (actual !== undefined);
        }
        return Array.isArray(actual) ? actual.includes(option) : actual === option;
      });
      if (!ok) return false;
    } else if (!matchesPattern(expected, actual)) {
      return false;
    }
  }
  return true;
}
