import type pg from 'pg';
import { InputError } from '../../errors.ts';
import type { RequiredTable } from '../../desired/views/view-file-format.ts';

/** Which required tables and columns the live catalog lacks (pure, for tests and messages). */
function missingSourceColumns(
  required: readonly RequiredTable[],
  present: ReadonlyMap<string, ReadonlySet<string>>,
): readonly string[] {
  const missing: string[] = [];
  const merged = new Map<string, Set<string>>();
  for (const table of required) {
    const key = `${table.schema}.${table.table}`;
    const columns = merged.get(key) ?? new Set<string>();
    for (const column of table.columns) columns.add(column);
    merged.set(key, columns);
  }
  for (const [table, columns] of [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const live = present.get(table);
    if (!live) {
      missing.push(`table ${table} is missing`);
      continue;
    }
    for (const column of [...columns].sort()) {
      if (!live.has(column)) missing.push(`column ${table}.${column} is missing`);
    }
  }
  return missing;
}

/**
 * Checks that every DTX 2.0 table and column the base layer reads exists, and stops with one
 * message listing all that is missing (before anything is changed).
 */
export async function checkSourceCatalog(
  client: pg.ClientBase,
  required: readonly RequiredTable[],
): Promise<void> {
  const schemas = [...new Set(required.map((t) => t.schema))];
  const result = await client.query<{ schema: string; table: string; column: string }>(
    `SELECT n.nspname AS schema, c.relname AS table, a.attname AS column
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND a.attnum > 0 AND NOT a.attisdropped`,
    [schemas],
  );
  const present = new Map<string, Set<string>>();
  for (const row of result.rows) {
    const key = `${row.schema}.${row.table}`;
    const columns = present.get(key) ?? new Set<string>();
    columns.add(row.column);
    present.set(key, columns);
  }
  const missing = missingSourceColumns(required, present);
  if (missing.length > 0) {
    throw new InputError(
      `The DTX 2.0 database lacks ${missing.length} table(s)/column(s) the reporting views read; nothing was changed.`,
      [
        ...missing,
        'Migrate DTX 2.0 to the expected schema, or regenerate with the right --source-schema.',
      ],
    );
  }
}
