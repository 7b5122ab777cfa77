import pg from 'pg';

/**
 * Benchmark databases on the local cluster (127.0.0.1:5432, user postgres, like the tests).
 * Names are fixed (bench_views_100k, …) so `--keep` leaves something a person can inspect;
 * an existing one is dropped first, so a run never measures leftovers.
 */
export const adminUrl =
  process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function databaseUrl(name: string, admin = adminUrl): string {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>, admin = adminUrl): Promise<T> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const plainName = /^[a-z_][a-z0-9_]{0,62}$/;

export async function recreateDatabase(name: string, admin = adminUrl): Promise<string> {
  if (!plainName.test(name)) throw new Error(`not a plain database name: ${name}`);
  await withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  }, admin);
  return databaseUrl(name, admin);
}

export async function dropDatabase(name: string, admin = adminUrl): Promise<void> {
  if (!plainName.test(name)) throw new Error(`not a plain database name: ${name}`);
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`), admin);
}

/** Drops the benchmark's login role once no kept database still grants it anything. */
export async function dropRole(name: string, admin = adminUrl): Promise<void> {
  if (!plainName.test(name)) throw new Error(`not a plain role name: ${name}`);
  await withAdmin((client) => client.query(`DROP ROLE IF EXISTS ${name}`), admin);
}

/** The server settings that decide whether a size can be provisioned at all. */
export async function serverSettings(admin = adminUrl): Promise<Record<string, string>> {
  return withAdmin(async (client) => {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `SELECT name, current_setting(name) AS setting FROM pg_settings
       WHERE name IN ('max_locks_per_transaction', 'max_connections', 'shared_buffers', 'port')
       ORDER BY name`,
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
  }, admin);
}
