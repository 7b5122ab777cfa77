import { InternalError } from '../../errors.ts';

/**
 * PostgreSQL's own grammar, compiled to WebAssembly (`libpg-query`, the PostgreSQL 15 parser —
 * the server version this tool targets). Nothing here reads SQL with regular expressions: what
 * Postgres would run is decided by the parser Postgres runs.
 *
 * Loaded on first use, not at import: the WebAssembly module takes a few hundred milliseconds to
 * start, which `inventory` and `generate` should not pay.
 */

/** One statement of a parsed text: its node (`{ SelectStmt: {...} }`) and where it starts. */
export interface ParsedStatement {
  readonly node: Readonly<Record<string, unknown>>;
  /** Offset of the statement in the parsed text (characters; the texts we parse are checked). */
  readonly location: number;
}

export type ParseResult =
  | {
      readonly ok: true;
      readonly statements: readonly ParsedStatement[];
      /** A node's `location` (libpg_query counts UTF-8 bytes) as an offset in the text. */
      readonly offset: (location: number) => number;
    }
  | { readonly ok: false; readonly message: string; readonly position: number | null };

export interface SqlParser {
  parse(sql: string): ParseResult;
}

let loaded: Promise<SqlParser> | null = null;

export function loadSqlParser(): Promise<SqlParser> {
  loaded ??= (async () => {
    const library = await import('libpg-query');
    await library.loadModule();
    return { parse: (sql: string) => parseWith(library.parseSync, sql) };
  })();
  return loaded;
}

function parseWith(parseSync: (sql: string) => unknown, sql: string): ParseResult {
  let tree: unknown;
  try {
    tree = parseSync(sql);
  } catch (error) {
    const details =
      error instanceof Error && 'sqlDetails' in error && isRecord(error.sqlDetails)
        ? error.sqlDetails
        : null;
    const cursor = details?.['cursorPosition'];
    return {
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      position: typeof cursor === 'number' ? byteToCharOffset(sql)(cursor) : null,
    };
  }
  const offset = byteToCharOffset(sql);
  const stmts = isRecord(tree) ? tree['stmts'] : undefined;
  if (stmts === undefined) return { ok: true, statements: [], offset };
  if (!Array.isArray(stmts)) throw new InternalError('libpg-query returned no statement list');
  return {
    ok: true,
    statements: stmts.map((raw: unknown) => {
      const node = isRecord(raw) ? raw['stmt'] : undefined;
      const location = isRecord(raw) ? raw['stmt_location'] : undefined;
      if (!isRecord(node))
        throw new InternalError('libpg-query returned a statement without a node');
      // A statement's location includes the whitespace after the `;` before it: skip it, so a
      // message names the line the statement starts on.
      let start = offset(typeof location === 'number' ? location : 0);
      while (start < sql.length && /\s/.test(sql.charAt(start))) start += 1;
      return { node, location: start };
    }),
    offset,
  };
}

/** libpg_query's offsets count UTF-8 bytes; messages need characters (for the line number). */
function byteToCharOffset(text: string): (location: number) => number {
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007f]*$/.test(text)) return (location) => location;
  const charAt: number[] = [];
  let chars = 0;
  for (const character of text) {
    const point = character.codePointAt(0) ?? 0;
    const bytes = point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
    for (let b = 0; b < bytes; b++) charAt.push(chars);
    chars += character.length;
  }
  charAt.push(chars);
  return (location) => charAt[Math.max(0, Math.min(location, charAt.length - 1))] ?? chars;
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
