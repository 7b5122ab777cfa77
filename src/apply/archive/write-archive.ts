import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { InputError, RemoteError } from '../../errors.ts';
import type { LegacyExport } from '../../legacy/types.ts';
import { quoteIdentAlways, quoteLiteral } from '../../sql/sql-quote.ts';
import {
  archiveTables,
  copySql,
  createTableSql,
  type ArchiveTable,
  type CellValue,
} from './archive-tables.ts';

export const archiveSchema = 'dtx1_archive';
const stagingSchema = 'dtx1_archive_new';
/** Schemas we create carry this comment; a schema by that name without it is not ours to drop. */
const managedMarker = 'managed by dtx-reports archive; replaced as a whole on every run';
/** One fixed key: two archive runs against the same database queue instead of interleaving. */
const advisoryLockKey = 74_120_301;

/** load_problem lists what the reader reported: fewer of them is an improvement, not a loss. */
const notData: ReadonlySet<string> = new Set(['load_problem']);

export interface ArchiveOptions {
  /** Replace an archive even when a table of it would end up with fewer rows. */
  readonly force?: boolean;
}

export interface ArchiveSummary {
  readonly schema: string;
  readonly tables: readonly { readonly table: string; readonly rows: number }[];
}

/**
 * Loads the whole export into `dtx1_archive`, replacing any previous archive atomically: one
 * transaction builds `dtx1_archive_new`, drops the old tables (RESTRICT: an object we do not
 * manage that depends on them makes the run fail rather than be dropped with them) and renames
 * the new schema into place. Any failure rolls everything back, so the previous archive stays
 * exactly as it was. The caller owns the client (connects, ends).
 */
export async function writeArchive(
  client: pg.ClientBase,
  legacy: LegacyExport,
  options: ArchiveOptions = {},
): Promise<ArchiveSummary> {
  const tables = archiveTables(legacy);
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [advisoryLockKey]);
    await refuseForeignSchema(client, archiveSchema);
    await refuseForeignSchema(client, stagingSchema);
    if (!options.force) await refuseShrinking(client, tables);
    // A managed staging schema cannot survive a run (it is renamed or rolled back); drop it anyway.
    await dropManagedSchema(
      client,
      stagingSchema,
      tables.map((t) => t.name),
    );

    await client.query(`CREATE SCHEMA ${quoteIdentAlways(stagingSchema)}`);
    await client.query(
      `COMMENT ON SCHEMA ${quoteIdentAlways(stagingSchema)} IS '${managedMarker}'`,
    );
    for (const table of tables) {
      await client.query(createTableSql(stagingSchema, table));
      await client.query(
        `COMMENT ON TABLE ${quoteIdentAlways(stagingSchema)}.${quoteIdentAlways(table.name)} IS ${quoteLiteral(table.comment)}`,
      );
      await copyRows(client, copySql(stagingSchema, table), table.rows);
    }

    await dropManagedSchema(
      client,
      archiveSchema,
      tables.map((t) => t.name),
    );
    await client.query(
      `ALTER SCHEMA ${quoteIdentAlways(stagingSchema)} RENAME TO ${quoteIdentAlways(archiveSchema)}`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw explain(error);
  }
  return {
    schema: archiveSchema,
    tables: tables.map((t) => ({ table: t.name, rows: t.rows.length })),
  };
}

async function refuseForeignSchema(client: pg.ClientBase, schema: string): Promise<void> {
  const result = await client.query<{ comment: string | null }>(
    `SELECT obj_description(oid, 'pg_namespace') AS comment FROM pg_namespace WHERE nspname = $1`,
    [schema],
  );
  const found = result.rows[0];
  if (found !== undefined && found.comment !== managedMarker) {
    throw new InputError(
      `schema ${schema} already exists and was not created by dtx-reports; rename or drop it yourself (nothing was changed)`,
    );
  }
}

/**
 * A damaged export (cut short, unreadable rows left out with --allow-problems) must not replace a
 * fuller archive unnoticed: when any table of the archive in place has more rows than the new
 * load would give it, the run stops (the transaction is rolled back, nothing changed).
 */
async function refuseShrinking(
  client: pg.ClientBase,
  tables: readonly ArchiveTable[],
): Promise<void> {
  const present = await client.query<{ table_name: string }>(
    `SELECT c.relname AS table_name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,
    [archiveSchema],
  );
  const existing = new Set(present.rows.map((r) => r.table_name));
  const shrinking: string[] = [];
  for (const table of tables) {
    if (notData.has(table.name) || !existing.has(table.name)) continue;
    const counted = await client.query<{ rows: string }>(
      `SELECT count(*) AS rows FROM ${quoteIdentAlways(archiveSchema)}.${quoteIdentAlways(table.name)}`,
    );
    const before = Number(counted.rows[0]?.rows ?? 0);
    if (table.rows.length < before) {
      shrinking.push(`${table.name} ${before} → ${table.rows.length} rows`);
    }
  }
  if (shrinking.length > 0) {
    throw new InputError(
      `the export has fewer rows than the archive in ${archiveSchema} (${shrinking.join(', ')}); nothing was changed. ` +
        'Check that the export is complete, or pass --force to replace the archive anyway',
    );
  }
}

/** Drops our tables one by one (RESTRICT), then the schema (RESTRICT): foreign objects stop us. */
async function dropManagedSchema(
  client: pg.ClientBase,
  schema: string,
  tables: readonly string[],
): Promise<void> {
  const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (exists.rowCount === 0) return;
  for (const table of tables) {
    await client.query(
      `DROP TABLE IF EXISTS ${quoteIdentAlways(schema)}.${quoteIdentAlways(table)} RESTRICT`,
    );
  }
  await client.query(`DROP SCHEMA ${quoteIdentAlways(schema)} RESTRICT`);
}

async function copyRows(
  client: pg.ClientBase,
  sql: string,
  rows: readonly (readonly CellValue[])[],
): Promise<void> {
  const target = client.query(copyFrom(sql));
  // CSV COPY: an unquoted empty field is NULL, a quoted "" is the empty string, so every string
  // is quoted. Postgres text cannot hold NUL (MySQL's \0), so it is dropped.
  const csv = stringify({
    quoted_string: true,
    cast: {
      boolean: (value) => (value ? 't' : 'f'),
      string: (value) => (value.includes('\0') ? value.replace(/\0/g, '') : value),
    },
  });
  await pipeline(Readable.from(rows), csv, target);
}

function explain(error: unknown): Error {
  if (error instanceof InputError || error instanceof RemoteError) return error;
  if (isDatabaseError(error)) {
    if (error.code === '2BP01') {
      return new InputError(
        `cannot replace ${archiveSchema}: objects dtx-reports does not manage depend on it or live in it; ` +
          'move or drop them, then re-run (the previous archive is unchanged)',
        error.detail ? error.detail.split('\n') : [],
      );
    }
    return new RemoteError(
      `PostgreSQL refused the archive load (${error.message}); the previous archive is unchanged`,
      {
        system: 'postgres',
        remoteMessage: error.message,
      },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

interface DatabaseErrorLike extends Error {
  readonly code: string;
  readonly detail?: string;
}

function isDatabaseError(error: unknown): error is DatabaseErrorLike {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    'severity' in error
  );
}
