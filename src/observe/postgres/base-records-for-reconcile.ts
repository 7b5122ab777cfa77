import pg from 'pg';
import { InputError, RemoteError } from '../../errors.ts';
import { postgresMessage } from '../../sql/postgres-message.ts';
import { qualifiedName, quoteIdent } from '../../sql/sql-quote.ts';
import type { ObservedRecord } from '../../reconcile/types.ts';

/**
 * Reads, for reconcile, the base-layer rows of the records whose legacy PH_ID the snapshot names,
 * with the legacy ids of the record's client and service org beside them. One READ ONLY
 * transaction: reconcile must never be able to change anything, whatever the database allows.
 * Every value is read as Postgres' text form, so dates, numerics and booleans arrive unrounded
 * and the comparison rules live in one place (src/reconcile/normalise-values.ts).
 */
export interface BaseRecordsRequest {
  readonly databaseUrl: string;
  /** Where the DTX 2.0 tables are (`public`). */
  readonly sourceSchema: string;
  /** Where reporting.base_record is (`reporting`). */
  readonly targetSchema: string;
  readonly phIds: readonly number[];
  /** base_record columns wanted; those the view lacks are left out and reported. */
  readonly fields: readonly string[];
}

export interface BaseRecords {
  readonly records: ReadonlyMap<number, ObservedRecord>;
  readonly availableFields: ReadonlySet<string>;
  /** The database's current_date, for the snapshot's age. */
  readonly today: string;
}

const baseView = 'base_record';

export async function readBaseRecordsForReconcile(
  request: BaseRecordsRequest,
): Promise<BaseRecords> {
  const client = new pg.Client({
    connectionString: request.databaseUrl,
    application_name: 'dtx-reports reconcile',
  });
  // A session ended by the server must become the failed query's error, not an uncaught 'error'
  // event with a stack (apply/postgres/postgres-session.ts).
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new RemoteError(`cannot connect to the database: ${postgresMessage(error)}`, {
      system: 'postgres',
    });
  }
  try {
    await client.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const columns = await client.query<{ name: string }>(
      `SELECT a.attname AS name
         FROM pg_attribute a
        WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
      [`${quoteIdent(request.targetSchema)}.${quoteIdent(baseView)}`],
    );
    if (columns.rows.length === 0) {
      throw new InputError(
        `${request.targetSchema}.${baseView} does not exist in the database: run \`dtx-reports provision\` first`,
      );
    }
    const present = new Set(columns.rows.map((row) => row.name));
    const fields = request.fields.filter((field) => present.has(field));
    const selected = fields.map((field) => `b.${quoteIdent(field)}::text AS ${quoteIdent(field)}`);
    const result = await client.query<Record<string, string | null>>(
      `SELECT r.legacy_ph_id::text AS "__ph", ch.legacy_ch_id::text AS "__ch",
              so.legacy_customer_id::text AS "__so"${selected.length > 0 ? `, ${selected.join(', ')}` : ''}
         FROM ${qualifiedName(request.sourceSchema, 'docutrax_hierarchy_record')} AS r
         JOIN ${qualifiedName(request.targetSchema, baseView)} AS b ON b.ph_id = r.id
         LEFT JOIN ${qualifiedName(request.sourceSchema, 'docutrax_hierarchy_account')} AS ch ON ch.id = r.account_id
         LEFT JOIN ${qualifiedName(request.sourceSchema, 'docutrax_hierarchy_account')} AS so ON so.id = ch.parent_id
        WHERE r.legacy_ph_id = ANY($1::integer[])`,
      [request.phIds],
    );
    const today = await client.query<{ today: string }>('SELECT current_date::text AS today');
    await client.query('COMMIT');
    const records = new Map<number, ObservedRecord>();
    for (const row of result.rows) {
      const phLegacyId = Number(row['__ph']);
      const values: Record<string, string | null> = {};
      for (const field of fields) values[field] = row[field] ?? null;
      records.set(phLegacyId, {
        phLegacyId,
        soLegacyId: row['__so'] ?? null,
        chLegacyId: row['__ch'] ?? null,
        values,
      });
    }
    return { records, availableFields: present, today: today.rows[0]?.today ?? '' };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (error instanceof InputError || error instanceof RemoteError) throw error;
    throw new RemoteError(`PostgreSQL refused the reconcile read: ${postgresMessage(error)}`, {
      system: 'postgres',
      remoteMessage: postgresMessage(error),
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}
