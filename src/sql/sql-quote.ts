/**
 * SQL quoting, the one place it is written. Two ways to quote an identifier:
 * - `quoteIdent`: only when it must be, so generated view files read like hand-written SQL and
 *   stay stable across runs;
 * - `quoteIdentAlways`: always, and safe inside Metabase native questions (below). Used for
 *   question SQL and for names that are data (archive columns, demo tables).
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
export function quoteIdentAlways(name: string): string {
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

export function qualifiedNameAlways(schema: string, name: string): string {
  return `${quoteIdentAlways(schema)}.${quoteIdentAlways(name)}`;
}

// Reserved and type/function-name keywords (Postgres appendix C): as bare identifiers they fail or
// change meaning, so they are quoted.
const reservedWords = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization between bigint binary bit ' +
    'boolean both case cast char character check coalesce collate collation column concurrently ' +
    'constraint create cross current_catalog current_date current_role current_schema ' +
    'current_time current_timestamp current_user dec decimal default deferrable desc distinct do ' +
    'else end except exists extract false fetch float for foreign freeze from full grant greatest ' +
    'group grouping having ilike in initially inner inout int integer intersect interval into is ' +
    'isnull join lateral leading least left like limit localtime localtimestamp national natural ' +
    'nchar none normalize not notnull null nullif numeric offset on only or order out outer ' +
    'overlaps overlay placing position precision primary real references returning right row ' +
    'select session_user setof similar smallint some substring symmetric table tablesample then ' +
    'time timestamp to trailing treat trim true union unique user using values varchar variadic ' +
    'verbose when where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest ' +
    'xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable'
  ).split(' '),
);

export function quoteIdent(name: string): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name) && !reservedWords.has(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** A standard-conforming string literal (the only escape is a doubled quote). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
