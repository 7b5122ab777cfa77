import { snapshotAlignmentStatements } from './snapshot-alignment.ts';
import { noSnapshotFacts } from './snapshot-facts.ts';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { InputError, RemoteError } from '../errors.ts';
import type { DemoLayout } from './demo-layout.ts';
import { demoTableChunks } from './demo-rows.ts';
import { copyStatement, demoTables, setIdentityStatement } from './demo-tables.ts';
import { qualifiedNameAlways, quoteIdentAlways, quoteLiteral } from '../sql/sql-quote.ts';

/**
 * Loads the demo data into a DTX 2.0 database in ONE transaction: catalog check, optional table
 * creation from the reference schema, optional reset, a COPY per table streaming generated rows,
 * identity sequences moved past the explicit ids, ANALYZE, commit (where the deferred foreign keys
 * are checked). Any failure rolls everything back. Only the DTX 2.0 tables listed in demo-tables.ts
 * are touched; nothing is dropped.
 */
export interface LoadDemoDataOptions {
  /** Postgres schema holding the DTX 2.0 tables. */
  readonly schema: string;
  /** Empty the demo tables first (TRUNCATE … RESTART IDENTITY) instead of refusing non-empty ones. */
  readonly reset: boolean;
  /** Create the schema when it does not exist (tables are created whenever all are missing). */
  readonly createSchema: boolean;
  /** Text of db/dtx2-reference-schema.sql, run when none of the tables exists. */
  readonly referenceSchemaSql: string;
  readonly onProgress?: (event: LoadProgress) => void;
  /** Milliseconds, injectable for tests; defaults to performance.now. */
  readonly clock?: () => number;
}

export type LoadProgress =
  | { readonly kind: 'schema-created'; readonly schema: string }
  | { readonly kind: 'reset'; readonly tables: number }
  | {
      readonly kind: 'table-loaded';
      readonly table: string;
      readonly rows: number;
      readonly ms: number;
    }
  | { readonly kind: 'committing' };

export interface TableLoad {
  readonly table: string;
  readonly rows: number;
  readonly ms: number;
}

export interface LoadDemoDataResult {
  readonly schema: string;
  readonly createdTables: boolean;
  readonly reset: boolean;
  readonly tables: readonly TableLoad[];
  readonly copyMs: number;
  readonly analyzeMs: number;
  readonly commitMs: number;
  readonly totalMs: number;
}

const tableNames = demoTables.map((table) => table.name);

async function existingTables(client: pg.ClientBase, schema: string): Promise<Set<string>> {
  const result = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname = ANY($2::text[])`,
    [schema, tableNames],
  );
  return new Set(result.rows.map((row) => row.relname));
}

async function missingColumns(client: pg.ClientBase, schema: string): Promise<string[]> {
  const result = await client.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = $1 AND table_name = ANY($2::text[])`,
    [schema, tableNames],
  );
  const present = new Set(result.rows.map((row) => `${row.table_name}.${row.column_name}`));
  return demoTables.flatMap((table) =>
    table.columns.map((column) => `${table.name}.${column}`).filter((name) => !present.has(name)),
  );
}

async function nonEmptyTables(client: pg.ClientBase, schema: string): Promise<string[]> {
  const probes = demoTables.map(
    (table) =>
      `SELECT ${quoteLiteral(table.name)} AS name WHERE EXISTS (SELECT 1 FROM ${qualifiedNameAlways(schema, table.name)})`,
  );
  const result = await client.query<{ name: string }>(probes.join(' UNION ALL '));
  return result.rows.map((row) => row.name);
}

function asRemoteError(error: unknown, during: string): unknown {
  if (error instanceof InputError || error instanceof RemoteError) return error;
  if (error instanceof Error && 'severity' in error) {
    return new RemoteError(`PostgreSQL refused the demo data (${during}): ${error.message}`, {
      system: 'postgres',
      remoteMessage: error.message,
    });
  }
  return error;
}

export async function loadDemoData(
  client: pg.ClientBase,
  layout: DemoLayout,
  options: LoadDemoDataOptions,
): Promise<LoadDemoDataResult> {
  const clock = options.clock ?? (() => performance.now());
  const progress = options.onProgress ?? (() => undefined);
  const { schema } = options;
  const started = clock();
  let during = 'checking the catalog';
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `dtx-reports demo-data ${schema}`,
    ]);
    const schemaExists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
      schema,
    ]);
    if (schemaExists.rowCount === 0) {
      if (!options.createSchema) {
        throw new InputError(`schema "${schema}" does not exist`, [
          'Pass --create-schema to create it with the DTX 2.0 reference tables, or --schema NAME.',
        ]);
      }
      await client.query(`CREATE SCHEMA ${quoteIdentAlways(schema)}`);
    }
    const existing = await existingTables(client, schema);
    let createdTables = false;
    if (existing.size === 0) {
      during = 'creating the DTX 2.0 reference tables';
      await client.query(`SET LOCAL search_path TO ${quoteIdentAlways(schema)}`);
      await client.query(options.referenceSchemaSql);
      createdTables = true;
      progress({ kind: 'schema-created', schema });
    } else if (existing.size < tableNames.length) {
      const missing = tableNames.filter((name) => !existing.has(name));
      throw new InputError(`schema "${schema}" has only some of the DTX 2.0 tables`, [
        ...missing.map((name) => `missing table ${schema}.${name}`),
        'Load db/dtx2-reference-schema.sql completely, or point --schema at an empty schema.',
      ]);
    }
    const absentColumns = await missingColumns(client, schema);
    if (absentColumns.length > 0) {
      throw new InputError(`schema "${schema}" lacks DTX 2.0 columns the demo data fills`, [
        ...absentColumns.map((name) => `missing column ${schema}.${name}`),
      ]);
    }
    let truncated = false;
    if (!createdTables) {
      const filled = await nonEmptyTables(client, schema);
      if (options.reset) {
        during = 'emptying the demo tables';
        await client.query(
          `TRUNCATE TABLE ${demoTables.map((table) => qualifiedNameAlways(schema, table.name)).join(', ')} RESTART IDENTITY`,
        );
        truncated = true;
        progress({ kind: 'reset', tables: demoTables.length });
      } else if (filled.length > 0) {
        throw new InputError('the DTX 2.0 tables already hold rows; nothing was loaded', [
          ...filled.map((name) => `${schema}.${name} is not empty`),
          'Pass --reset to replace their contents with demo data (only on a demo database).',
        ]);
      }
    }

    // FREEZE writes the rows as already visible: no hint-bit rewrite on the first read. Postgres
    // allows it only for tables created or truncated in this transaction.
    const freeze = createdTables || truncated;
    const tables: TableLoad[] = [];
    const copyStarted = clock();
    for (const table of demoTables) {
      during = `copying ${table.name}`;
      const tableStarted = clock();
      const copy = client.query(copyFrom(copyStatement(schema, table, freeze)));
      await pipeline(Readable.from(demoTableChunks(layout, table.name)), copy);
      const load = {
        table: table.name,
        rows: copy.rowCount,
        ms: Math.round(clock() - tableStarted),
      };
      tables.push(load);
      progress({ kind: 'table-loaded', ...load });
    }
    during = 'moving the identity sequences';
    for (const table of demoTables) await client.query(setIdentityStatement(schema, table));
    during = "giving report_data's records the snapshot's values";
    for (const statement of snapshotAlignmentStatements(
      layout.options.legacy.snapshot ?? noSnapshotFacts,
      schema,
    ))
      await client.query(statement);
    const copyMs = clock() - copyStarted;
    during = 'analyzing';
    const analyzeStarted = clock();
    for (const table of demoTables)
      await client.query(`ANALYZE ${qualifiedNameAlways(schema, table.name)}`);
    const analyzeMs = clock() - analyzeStarted;
    during = 'committing (deferred foreign key checks)';
    progress({ kind: 'committing' });
    const commitStarted = clock();
    await client.query('COMMIT');
    const commitMs = clock() - commitStarted;
    return {
      schema,
      createdTables,
      reset: truncated,
      tables,
      copyMs: Math.round(copyMs),
      analyzeMs: Math.round(analyzeMs),
      commitMs: Math.round(commitMs),
      totalMs: Math.round(clock() - started),
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw asRemoteError(error, during);
  }
}
