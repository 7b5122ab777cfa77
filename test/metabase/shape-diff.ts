/**
 * Compares two JSON values by shape: every key of `expected` (a recorded Metabase response) must
 * exist in `actual` (the emulator's) with the same JSON type; null matches any type (a value
 * unset in one and set in the other is still the same field). Arrays are compared by their first
 * element when both have one. Returns the paths that differ.
 */
export function shapeDifferences(
  expected: unknown,
  actual: unknown,
  ignore: ReadonlySet<string> = new Set(),
  at = '$',
): string[] {
  if (expected === null || actual === null) return [];
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : typeof v);
  if (kind(expected) !== kind(actual))
    return [`${at}: recorded ${kind(expected)}, emulator ${kind(actual)}`];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length === 0 || actual.length === 0 || ignore.has(`${at}[0]`)) return [];
    return shapeDifferences(expected[0], actual[0], ignore, `${at}[0]`);
  }
  if (typeof expected === 'object' && typeof actual === 'object') {
    const out: string[] = [];
    const exp = expected as Record<string, unknown>;
    const act = actual as Record<string, unknown>;
    for (const key of Object.keys(exp)) {
      const child = `${at}.${key}`;
      if (ignore.has(key) || ignore.has(child)) continue;
      if (!(key in act)) out.push(`${child}: missing in emulator`);
      else out.push(...shapeDifferences(exp[key], act[key], ignore, child));
    }
    return out;
  }
  return [];
}
