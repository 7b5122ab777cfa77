/**
 * Schemas the reporting views may never be put in: Postgres' own (`pg_catalog`,
 * `information_schema`, `pg_toast`, any `pg_*`, which every role reads and whose objects Postgres
 * owns) and `public` (where DTX 2.0 and every extension put their objects, and which every role
 * may see). A view provisioned there would sit among objects we do not manage, readable by all.
 */
export function targetSchemaProblem(schema: string): string | null {
  if (schema === 'information_schema' || schema === 'public' || schema.startsWith('pg_')) {
    return `"${schema}" cannot hold the reporting views: it is ${schema === 'public' ? "the database's shared default schema" : "a PostgreSQL system schema"}; use a schema of their own (default: reporting)`;
  }
  return null;
}
