import type pg from 'pg';

/**
 * The columns a native question returns, in order, as PostgreSQL itself reports them: optional
 * `[[…]]` clauses are dropped, field filters become `true` and variables `NULL` (Metabase's own
 * rendering without values), and the query runs with `LIMIT 0` against the real views.
 */
export async function resultColumns(
  client: pg.ClientBase,
  sql: string,
  tags: Readonly<Record<string, { readonly type: string }>>,
): Promise<string[]> {
  const runnable = sql
    .replace(/\[\[[\s\S]*?\]\]/g, '')
    .replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_match, name: string) =>
      tags[name]?.type === 'dimension' ? 'true' : 'NULL',
    );
  const result = await client.query(`SELECT * FROM (${runnable}) AS question LIMIT 0`);
  return result.fields.map((field) => field.name);
}
