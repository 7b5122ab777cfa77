/**
 * Quoting identifiers for Metabase native SQL on PostgreSQL.
 *
 * Metabase scans the raw query text for `{{`, `}}`, `[[`, `]]` and SQL comment markers without
 * understanding SQL quoting, so a legacy label such as `Limits [[GL]]` would break the query even
 * inside a quoted identifier. Those characters are written as Unicode escapes in a `U&"…"`
 * identifier instead: PostgreSQL decodes them to the same name, Metabase sees no syntax.
 */

const alwaysEscaped = new Set(['{', '}', '[', ']']);
/** Pairs Metabase's parser treats as comment markers. */
const escapedPairs = ['--', '/*', '*/'];

function escapeMask(name: string): readonly boolean[] {
  const chars = [...name];
  const mask = chars.map((c) => alwaysEscaped.has(c));
  for (let i = 0; i + 1 < chars.length; i++) {
    if (escapedPairs.includes(`${chars[i]}${chars[i + 1]}`)) {
      mask[i] = true;
      mask[i + 1] = true;
    }
  }
  return mask;
}

function unicodeEscape(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code > 0xffff
    ? `\\+${code.toString(16).toUpperCase().padStart(6, '0')}`
    : `\\${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `"name"` with `"` doubled; `U&"…"` with escapes when the name holds Metabase syntax. */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new Error('An SQL identifier cannot be empty.');
  if (name.includes('\u0000')) throw new Error('An SQL identifier cannot contain NUL.');
  const mask = escapeMask(name);
  if (!mask.some(Boolean)) return `"${name.replaceAll('"', '""')}"`;
  const body = [...name]
    .map((c, i) => {
      if (mask[i] === true) return unicodeEscape(c);
      if (c === '\\') return '\\\\';
      if (c === '"') return '""';
      return c;
    })
    .join('');
  return `U&"${body}"`;
}

export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

/** A string literal for constant text we write ourselves (never user values). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
