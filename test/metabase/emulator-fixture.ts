import { createScratchDatabase } from '../support/scratch-database.ts';
import type { ScratchDatabase } from '../support/scratch-database.ts';
import { createMetabaseClient } from '../../src/metabase/metabase-client.ts';
import type { MetabaseClient, MetabaseClientOptions } from '../../src/metabase/metabase-client.ts';
import type { NativeQuery } from '../../src/metabase/card-query.ts';
import { startEmulator } from '../emulator/server.ts';
import type { EmulatorOptions, RunningEmulator } from '../emulator/server.ts';

/**
 * An emulator on a random port plus a scratch Postgres database it can sync, and a client factory
 * with instant sleeps (delays are recorded, not waited) so retry tests run in milliseconds.
 */

export const testApiKey = 'mb_test_KEY_0123456789abcdef';

export interface EmulatorFixture {
  readonly emulator: RunningEmulator;
  readonly db: ScratchDatabase;
  /** Delays the client asked to sleep, in order. */
  readonly sleeps: number[];
  client(overrides?: Partial<MetabaseClientOptions>): MetabaseClient;
  /** Details for POST /api/database pointing at the scratch database. */
  databaseDetails(): Record<string, string | number>;
  close(): Promise<void>;
}

export async function startFixture(options: EmulatorOptions = {}): Promise<EmulatorFixture> {
  const db = await createScratchDatabase('dtx_mbemu');
  await db.pool.query(`
    CREATE SCHEMA reports;
    CREATE TABLE public.service_org (id bigint PRIMARY KEY, name text NOT NULL, active boolean, fee numeric(10,2));
    CREATE TABLE public.client (id integer PRIMARY KEY, service_org_id bigint, signed_on date, seen_at timestamptz);
    CREATE VIEW reports.coi_not_in_compliance AS
      SELECT c.id AS client_id, s.name AS service_org_name, c.signed_on FROM client c JOIN service_org s ON s.id = c.service_org_id;
    CREATE MATERIALIZED VIEW reports.org_totals AS SELECT service_org_id, count(*)::int AS clients FROM client GROUP BY 1;
  `);
  const emulator = await startEmulator({ apiKey: testApiKey, syncDelayMs: 5, ...options });
  const sleeps: number[] = [];
  const url = new URL(db.url);
  return {
    emulator,
    db,
    sleeps,
    client: (overrides = {}) =>
      createMetabaseClient({
        baseUrl: emulator.url,
        auth: { kind: 'api-key', apiKey: testApiKey },
        timeoutMs: 2_000,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 0.5,
        ...overrides,
      }),
    databaseDetails: () => ({
      host: url.hostname,
      port: Number(url.port || 5432),
      dbname: db.name,
      user: decodeURIComponent(url.username || 'postgres'),
      password: 'not-a-real-secret-pw',
    }),
    close: async () => {
      await emulator.close();
      await db.drop();
    },
  };
}

export function nativeQuery(database: number, sql: string): NativeQuery {
  return { kind: 'native', database, query: sql, templateTags: {} };
}

/** Polls metadata until `table` appears (sync is asynchronous, as in Metabase). */
export async function waitForTable(client: MetabaseClient, databaseId: number, table: string) {
  for (let i = 0; i < 200; i += 1) {
    const metadata = await client.getDatabaseMetadata(databaseId);
    const found = metadata.tables.find((t) => t.name === table);
    if (found) return metadata;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`table ${table} never appeared`);
}
