/**
 * Text that can be stored as it was hashed. A JSON string may hold a lone UTF-16 surrogate ("\ud800"):
 * JavaScript hashes it as it is, but MongoDB stores UTF-8, which turns it into U+FFFD, so the stored
 * event would no longer match its hash. Such text is refused, never silently repaired.
 */

// With the `u` flag a paired surrogate is one code point, so only a lone one matches.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/** Whether a string is well-formed Unicode (no lone surrogate). */
export const wellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

/** The path of the first string (or object key) in `value` that is not well-formed Unicode, or null. */
export function illFormedTextPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return wellFormed(value) ? null : path || '(value)';
  if (value === null || typeof value !== 'object') return null;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, v] of entries) {
    const at = path ? `${path}.${key}` : key;
    if (!wellFormed(key)) return at;
    const found = illFormedTextPath(v, at);
    if (found) return found;
  }
  return null;
}
