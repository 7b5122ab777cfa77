import type pg from 'pg';
import type { RequiredTable } from '../../desired/views/view-file-format.ts';
import { managedHash } from '../../plan/postgres/view-comment-marker.ts';
import type {
  ObservedDependent,
  ObservedRelation,
  ObservedRole,
  ObservedState,
  RoleReach,
} from '../../plan/postgres/observed-views.ts';
import {
  fingerprintInRoleComment,
  passwordMatches,
  verifierFingerprint,
} from '../../plan/postgres/role-password.ts';

/** Reads everything the view plan needs. Only SELECTs: observing never changes anything. */
export async function observeViews(
  client: pg.ClientBase,
  options: {
    readonly schema: string;
    readonly roleName: string;
    readonly password: string | null;
    readonly sourceTables: readonly RequiredTable[];
  },
): Promise<ObservedState> {
  const { schema } = options;
  const schemaExists =
    (await client.query('SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1', [schema]))
      .rowCount === 1;

  const relations = new Map<string, ObservedRelation>();
  const rels = await client.query<{ name: string; kind: string; comment: string | null }>(
    `SELECT c.relname AS name, c.relkind::text AS kind, obj_description(c.oid, 'pg_class') AS comment
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')`,
    [schema],
  );
  for (const row of rels.rows) {
    relations.set(row.name, {
      name: row.name,
      kind: row.kind,
      managedHash: row.kind === 'v' || row.kind === 'm' ? managedHash(row.comment) : null,
    });
  }

  // Everything recorded as depending on a view of the schema, except the view's own rewrite rule.
  const deps = await client.query<{
    on: string;
    description: string;
    dep_schema: string | null;
    dep_name: string | null;
  }>(
    `SELECT DISTINCT src.relname AS on,
            pg_describe_object(d.classid, d.objid, 0) AS description,
            dn.nspname AS dep_schema, dc.relname AS dep_name
       FROM pg_catalog.pg_depend d
       JOIN pg_catalog.pg_class src ON src.oid = d.refobjid
       JOIN pg_catalog.pg_namespace sn ON sn.oid = src.relnamespace
       LEFT JOIN pg_catalog.pg_rewrite rw ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND rw.oid = d.objid
       LEFT JOIN pg_catalog.pg_class dc ON dc.oid = rw.ev_class
       LEFT JOIN pg_catalog.pg_namespace dn ON dn.oid = dc.relnamespace
      WHERE d.refclassid = 'pg_catalog.pg_class'::regclass AND sn.nspname = $1 AND src.relkind IN ('v', 'm')
        AND d.deptype = 'n' AND (dc.oid IS NULL OR dc.oid <> src.oid)`,
    [schema],
  );
  const dependents: ObservedDependent[] = deps.rows.map((row) => {
    const sameSchemaView =
      row.dep_schema === schema && row.dep_name !== null ? relations.get(row.dep_name) : undefined;
    const managed = sameSchemaView !== undefined && sameSchemaView.managedHash !== null;
    return {
      on: row.on,
      description:
        row.dep_name !== null ? `view ${row.dep_schema}.${row.dep_name}` : row.description,
      managedView: managed && row.dep_name !== null ? row.dep_name : null,
    };
  });

  return {
    schemaExists,
    relations,
    dependents,
    role: await observeRole(client, { ...options, schemaExists }),
  };
}

async function observeRole(
  client: pg.ClientBase,
  options: {
    readonly schema: string;
    readonly roleName: string;
    readonly password: string | null;
    readonly sourceTables: readonly RequiredTable[];
    readonly schemaExists: boolean;
  },
): Promise<ObservedRole> {
  const { roleName, schema } = options;
  const found = await client.query<{
    rolcanlogin: boolean;
    rolsuper: boolean;
    rolcreatedb: boolean;
    rolcreaterole: boolean;
    rolreplication: boolean;
    rolbypassrls: boolean;
    comment: string | null;
    settings: string[] | null;
  }>(
    `SELECT r.rolcanlogin, r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication,
            r.rolbypassrls, pg_catalog.shobj_description(r.oid, 'pg_authid') AS comment,
            (SELECT s.setconfig FROM pg_catalog.pg_db_role_setting s
              WHERE s.setrole = r.oid AND s.setdatabase = 0) AS settings
       FROM pg_catalog.pg_roles r WHERE r.rolname = $1`,
    [roleName],
  );
  const row = found.rows[0];
  // Before the role exists, what it would get is what PUBLIC has.
  const reach = await observeReach(client, row ? roleName : 'public');
  if (!row) {
    return {
      name: roleName,
      exists: false,
      attributes: null,
      password: 'unset',
      memberOf: [],
      schemaUsage: false,
      privileges: new Map(),
      readableSourceTables: [],
      settings: new Map(),
      metabasePassword: 'stale',
      passwordFingerprint: null,
      reach,
    };
  }

  let password: ObservedRole['password'] = 'unset';
  let metabasePassword: ObservedRole['metabasePassword'] = 'unknown';
  let passwordFingerprint: string | null = null;
  // Reading pg_authid needs superuser; asking first keeps the transaction usable otherwise.
  const authid = await client.query<{ ok: boolean }>(
    `SELECT has_table_privilege('pg_catalog.pg_authid', 'SELECT') AS ok`,
  );
  if (authid.rows[0]?.ok) {
    const stored = await client.query<{ rolpassword: string | null }>(
      'SELECT rolpassword FROM pg_catalog.pg_authid WHERE rolname = $1',
      [roleName],
    );
    const value = stored.rows[0]?.rolpassword ?? null;
    if (options.password !== null) {
      password =
        value !== null && passwordMatches(value, options.password, roleName)
          ? 'matches'
          : 'differs';
    }
    passwordFingerprint = value === null ? null : verifierFingerprint(value);
    metabasePassword =
      passwordFingerprint !== null && fingerprintInRoleComment(row.comment) === passwordFingerprint
        ? 'current'
        : 'stale';
  } else if (options.password !== null) {
    password = 'unknown';
  }

  const members = await client.query<{ name: string }>(
    `SELECT g.rolname AS name FROM pg_catalog.pg_auth_members m
       JOIN pg_catalog.pg_roles g ON g.oid = m.roleid JOIN pg_catalog.pg_roles r ON r.oid = m.member
      WHERE r.rolname = $1 ORDER BY 1`,
    [roleName],
  );

  let schemaUsage = false;
  const privileges = new Map<string, readonly string[]>();
  if (options.schemaExists) {
    const usage = await client.query<{ ok: boolean }>(
      `SELECT has_schema_privilege($1, $2, 'USAGE') AS ok`,
      [roleName, schema],
    );
    schemaUsage = usage.rows[0]?.ok ?? false;
    const privs = await client.query<{ name: string; privileges: string[] }>(
      `SELECT c.relname AS name,
              ARRAY(SELECT p FROM unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) AS p
                     WHERE has_table_privilege($1, c.oid, p)) AS privileges
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
      [roleName, schema],
    );
    for (const p of privs.rows) privileges.set(p.name, p.privileges);
  }

  const readable: string[] = [];
  for (const table of options.sourceTables) {
    const qualified = `${table.schema}.${table.table}`;
    const check = await client.query<{ ok: boolean }>(
      `SELECT has_table_privilege($1, format('%I.%I', $2::text, $3::text), 'SELECT') AS ok`,
      [roleName, table.schema, table.table],
    );
    if (check.rows[0]?.ok) readable.push(qualified);
  }

  return {
    name: roleName,
    exists: true,
    attributes: {
      login: row.rolcanlogin,
      superuser: row.rolsuper,
      createdb: row.rolcreatedb,
      createrole: row.rolcreaterole,
      replication: row.rolreplication,
      bypassrls: row.rolbypassrls,
    },
    password,
    memberOf: members.rows.map((m) => m.name),
    schemaUsage,
    privileges,
    readableSourceTables: readable.sort(),
    settings: new Map(
      (row.settings ?? []).map((entry) => {
        const at = entry.indexOf('=');
        return [entry.slice(0, at), entry.slice(at + 1)] as const;
      }),
    ),
    metabasePassword,
    passwordFingerprint,
    reach,
  };
}

/** Default privileges that reach beyond the reporting views (PUBLIC's, or granted by others). */
async function observeReach(client: pg.ClientBase, who: string): Promise<RoleReach> {
  const here = await client.query<{
    database: string;
    connect: boolean;
    temporary: boolean;
    create: boolean;
  }>(
    `SELECT current_database() AS database,
            has_database_privilege($1, current_database(), 'CONNECT') AS connect,
            has_database_privilege($1, current_database(), 'TEMPORARY') AS temporary,
            has_database_privilege($1, current_database(), 'CREATE') AS create`,
    [who],
  );
  const schemas = await client.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_catalog.pg_namespace
      WHERE has_schema_privilege($1, oid, 'CREATE') ORDER BY 1`,
    [who],
  );
  const others = await client.query<{ name: string }>(
    `SELECT datname AS name FROM pg_catalog.pg_database
      WHERE datallowconn AND datname <> current_database()
        AND has_database_privilege($1, oid, 'CONNECT') ORDER BY 1`,
    [who],
  );
  const h = here.rows[0];
  return {
    database: h?.database ?? '',
    connect: h?.connect ?? false,
    temporary: h?.temporary ?? false,
    createInDatabase: h?.create ?? false,
    createInSchemas: schemas.rows.map((r) => r.name),
    otherDatabases: others.rows.map((r) => r.name),
  };
}
