import pg from 'pg';
import type { DatabaseRec, EmulatorState, FieldRec, TableRec } from './state.ts';

/**
 * What Metabase's sync does for a Postgres database, read from the real catalog: every relation
 * of kind r, p, v, f, m outside system schemas that the connecting role may SELECT becomes a
 * table, its columns fields, base types from the Postgres type name. Ids are kept per
 * `schema.table(.column)` so a re-sync keeps them; relations that disappeared become inactive.
 */

/** Postgres type name (pg_type.typname) → Metabase base type, after the Postgres driver's table. */
const baseTypes: Readonly<Record<string, string>> = {
  bigint: 'type/BigInteger',
  bigserial: 'type/BigInteger',
  bool: 'type/Boolean',
  boolean: 'type/Boolean',
  bpchar: 'type/Text',
  char: 'type/Text',
  citext: 'type/Text',
  cidr: 'type/Structured',
  date: 'type/Date',
  decimal: 'type/Decimal',
  float4: 'type/Float',
  float8: 'type/Float',
  inet: 'type/IPAddress',
  int: 'type/Integer',
  int2: 'type/Integer',
  int4: 'type/Integer',
  int8: 'type/BigInteger',
  integer: 'type/Integer',
  json: 'type/JSON',
  jsonb: 'type/JSON',
  macaddr: 'type/Structured',
  money: 'type/Decimal',
  numeric: 'type/Decimal',
  oid: 'type/Integer',
  real: 'type/Float',
  smallint: 'type/Integer',
  text: 'type/Text',
  time: 'type/Time',
  timetz: 'type/TimeWithLocalTZ',
  timestamp: 'type/DateTime',
  timestamptz: 'type/DateTimeWithLocalTZ',
  uuid: 'type/UUID',
  varchar: 'type/Text',
  xml: 'type/Structured',
};

const semanticTypesByDbType: Readonly<Record<string, string>> = {
  json: 'type/SerializedJSON',
  jsonb: 'type/SerializedJSON',
  xml: 'type/XML',
  inet: 'type/IPAddress',
};

function baseTypeOf(typeName: string, isEnum: boolean): string {
  if (isEnum) return 'type/PostgresEnum';
  return baseTypes[typeName] ?? 'type/*';
}

/** Metabase's "simple" humanisation: `customer_id` → `Customer ID`. */
function humanise(name: string): string {
  return name
    .split(/[_\-\s]+/)
    .filter((w) => w !== '')
    .map((w) => (w.toLowerCase() === 'id' ? 'ID' : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');
}

interface CatalogColumn {
  readonly schema: string;
  readonly table: string;
  readonly description: string | null;
  readonly column: string | null;
  readonly position: number | null;
  readonly type_name: string | null;
  readonly is_enum: boolean | null;
  readonly not_null: boolean | null;
  readonly is_pk: boolean | null;
  readonly column_description: string | null;
}

const catalogSql = `
  SELECT n.nspname AS schema, c.relname AS "table", obj_description(c.oid, 'pg_class') AS description,
         a.attname AS "column", a.attnum AS position, t.typname AS type_name,
         (t.typtype = 'e') AS is_enum, a.attnotnull AS not_null,
         EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary
                 AND a.attnum = ANY(i.indkey)) AS is_pk,
         col_description(c.oid, a.attnum) AS column_description
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_type t ON t.oid = a.atttypid
   WHERE c.relkind IN ('r', 'p', 'v', 'f', 'm')
     AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
     AND has_schema_privilege(n.oid, 'USAGE')
     AND has_table_privilege(c.oid, 'SELECT')
   ORDER BY n.nspname, c.relname, a.attnum`;

export function connectionString(database: DatabaseRec, override: string | null): string {
  if (override !== null) return override;
  const d = database.details;
  const url = new URL('postgres://localhost');
  url.hostname = typeof d['host'] === 'string' ? d['host'] : 'localhost';
  url.port = String(
    typeof d['port'] === 'number' || typeof d['port'] === 'string' ? d['port'] : 5432,
  );
  url.pathname = `/${typeof d['dbname'] === 'string' ? d['dbname'] : ''}`;
  if (typeof d['user'] === 'string') url.username = d['user'];
  if (typeof d['password'] === 'string') url.password = d['password'];
  return url.toString();
}

export async function readCatalog(url: string): Promise<CatalogColumn[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const result = await client.query<CatalogColumn>(catalogSql);
    return result.rows;
  } finally {
    await client.end();
  }
}

export function applyCatalog(
  state: EmulatorState,
  database: DatabaseRec,
  rows: readonly CatalogColumn[],
): void {
  const now = state.timestamp();
  const seenTables = new Set<number>();
  const seenFields = new Set<number>();
  for (const row of rows) {
    const tableKey = `${database.id}:${row.schema}.${row.table}`;
    let tableId = state.tableIds.get(tableKey);
    if (tableId === undefined) {
      tableId = state.nextId('table');
      state.tableIds.set(tableKey, tableId);
    }
    let table: TableRec | undefined = state.tables.get(tableId);
    if (table === undefined) {
      table = {
        id: tableId,
        db_id: database.id,
        schema: row.schema,
        name: row.table,
        display_name: humanise(row.table),
        description: row.description,
        visibility_type: null,
        active: true,
        estimated_row_count: null,
        created_at: now,
        updated_at: now,
      };
      state.tables.set(tableId, table);
    } else if (!table.active) {
      table.active = true;
      table.updated_at = now;
    }
    seenTables.add(tableId);
    if (row.column === null || row.type_name === null || row.position === null) continue;
    const fieldKey = `${tableKey}.${row.column}`;
    let fieldId = state.fieldIds.get(fieldKey);
    if (fieldId === undefined) {
      fieldId = state.nextId('field');
      state.fieldIds.set(fieldKey, fieldId);
    }
    const baseType = baseTypeOf(row.type_name, row.is_enum === true);
    const existing: FieldRec | undefined = state.fields.get(fieldId);
    if (existing === undefined) {
      state.fields.set(fieldId, {
        id: fieldId,
        table_id: tableId,
        name: row.column,
        display_name: humanise(row.column),
        description: row.column_description,
        base_type: baseType,
        effective_type: baseType,
        semantic_type: row.is_pk ? 'type/PK' : (semanticTypesByDbType[row.type_name] ?? null),
        database_type: row.type_name,
        visibility_type: 'normal',
        database_position: row.position - 1,
        position: row.position - 1,
        active: true,
        database_is_pk: row.is_pk === true,
        database_required: row.not_null === true,
        database_is_nullable: row.not_null !== true,
        has_field_values: 'none',
        settings: null,
        created_at: now,
        updated_at: now,
      });
    } else {
      // A type change (view recreated) is picked up; names and descriptions set by users are kept.
      existing.base_type = baseType;
      existing.effective_type = baseType;
      existing.database_type = row.type_name;
      existing.database_position = row.position - 1;
      existing.position = row.position - 1;
      existing.active = true;
    }
    seenFields.add(fieldId);
  }
  for (const table of state.tables.values()) {
    if (table.db_id === database.id && !seenTables.has(table.id) && table.active) {
      table.active = false;
      table.updated_at = now;
    }
  }
  for (const field of state.fields.values()) {
    const table = state.tables.get(field.table_id);
    if (table?.db_id === database.id && !seenFields.has(field.id)) field.active = false;
  }
  database.initial_sync_status = 'complete';
  database.updated_at = now;
}
