import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Integration tests run against the real local PostgreSQL (127.0.0.1:5432, trust auth, as on CI).
 * Each test file gets its own throw-away database so files can run in parallel.
 */
export const adminUrl =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  readonly pool: pg.Pool;
  drop(): Promise<void>;
}

export async function createScratchDatabase(prefix = 'dtx_test'): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  // pool.end() resolves as soon as it has asked its clients to end, before their sockets close
  // (pg-pool's _remove does not wait for client.end). A DROP … WITH (FORCE) right after can then
  // terminate one of them (57P01): its idle listener re-emits that as the pool's 'error' event,
  // unhandled, and the whole test run fails. So drop() waits for every client's 'remove' event,
  // which pg-pool emits once the connection is really closed.
  let open = 0;
  let allClosed: (() => void) | null = null;
  pool.on('connect', () => (open += 1));
  pool.on('remove', () => {
    open -= 1;
    if (open === 0) allClosed?.();
  });
  return {
    name,
    url: url.toString(),
    pool,
    async drop() {
      const closed = new Promise<void>((resolve) => (allClosed = resolve));
      await pool.end();
      if (open > 0) await closed;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
