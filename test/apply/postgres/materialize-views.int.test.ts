import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminUrl,
  createScratchDatabase,
  type ScratchDatabase,
} from '../../support/scratch-database.ts';
import { loadTestDemoData } from '../../support/demo-data.ts';
import { runCli } from '../../support/run-cli.ts';

/**
 * `provision --materialize` and `refresh` on real Postgres with demo data: an aggregate report
 * view becomes a materialized view with a unique index (what REFRESH … CONCURRENTLY needs), a
 * second run sends nothing, `refresh` brings changed source data in, and a run without the option
 * turns it back into a live view with the same rows.
 */
const role = `dtx_reader_${randomBytes(4).toString('hex')}`;
const password = 'Test-Passw0rd';
const view = 'man_so_dashboard';
let db: ScratchDatabase;
let fromDir: string;

const run = (args: readonly string[]) =>
  runCli(args, {
    env: { DATABASE_URL: db.url, REPORTING_DB_ROLE: role, REPORTING_DB_PASSWORD: password },
    cwd: fromDir,
  });

const provision = (...extra: string[]) =>
  run(['provision', '--views-only', '--from', fromDir, ...extra]);

async function relkind(name: string): Promise<string | null> {
  const { rows } = await db.pool.query<{ kind: string }>(
    `SELECT c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'reporting' AND c.relname = $1`,
    [name],
  );
  return rows[0]?.kind ?? null;
}

/** Every row of the report for one N, in a stable order, as JSON text for comparison. */
async function reportRows(): Promise<string[]> {
  const { rows } = await db.pool.query<{ row: string }>(
    `SELECT row_to_json(v)::text AS row FROM reporting.${view} v WHERE num_days = 45
      ORDER BY service_org_id, client_id`,
  );
  return rows.map((r) => r.row);
}

beforeAll(async () => {
  db = await createScratchDatabase('dtx_materialize');
  await loadTestDemoData(db.url, { records: 400, seed: 3 });
  fromDir = await mkdtemp(path.join(tmpdir(), 'dtx-materialize-'));
  const generated = await run(['generate', '--out', fromDir]);
  expect(generated.code).toBe(0);
}, 120_000);

afterAll(async () => {
  await db?.drop();
  if (fromDir) await rm(fromDir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

describe('provision --materialize and refresh', () => {
  let liveRows: string[] = [];

  it('creates live views by default', async () => {
    const result = await provision();
    expect(result.code).toBe(0);
    expect(await relkind(view)).toBe('v');
    liveRows = await reportRows();
    expect(liveRows.length).toBeGreaterThan(0);
  });

  it('refuses a view that has no unique key, naming it, and changes nothing', async () => {
    const result = await provision('--materialize', `${view},acct_master`);
    expect(result.code).toBe(1);
    expect(result.err).toContain('acct_master: only aggregate report views can be materialized');
    expect(await relkind(view)).toBe('v');
  });

  it('replaces the view by a materialized view with the same rows and a unique index', async () => {
    const plan = await run(['plan', '--views-only', '--from', fromDir, '--materialize', view]);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('view → materialized view (--materialize)');

    const result = await provision('--materialize', view);
    expect(result.code).toBe(0);
    expect(result.out).toContain('1 replaced');
    expect(result.out).toContain('(1 materialized)');
    expect(await relkind(view)).toBe('m');
    expect(await reportRows()).toEqual(liveRows);

    const index = await db.pool.query<{ unique: boolean; predicate: string | null }>(
      `SELECT i.indisunique AS unique, pg_get_expr(i.indpred, i.indrelid) AS predicate
         FROM pg_index i WHERE i.indrelid = 'reporting.${view}'::regclass`,
    );
    expect(index.rows).toEqual([{ unique: true, predicate: null }]);

    const canRead = await db.pool.query<{ ok: boolean }>(
      `SELECT has_table_privilege($1, 'reporting.${view}', 'SELECT') AS ok`,
      [role],
    );
    expect(canRead.rows[0]?.ok).toBe(true);
  });

  it('changes nothing on a second run with the same option', async () => {
    const result = await provision('--materialize', 'aggregates');
    // `aggregates` also takes the other aggregate views: those change, this one stays.
    expect(result.code).toBe(0);
    const again = await provision('--materialize', 'aggregates');
    expect(again.code).toBe(0);
    expect(again.out).toContain('Nothing to do');
    expect(await relkind(view)).toBe('m');
  });

  it('keeps the old rows until refresh, then matches the source data', async () => {
    // Every current certificate becomes compliant: the compliant counts change.
    await db.pool.query(
      `UPDATE docutrax_documents_certificate SET status = 'compliant' WHERE is_current`,
    );
    expect(await reportRows()).toEqual(liveRows);

    const refreshed = await run(['refresh', '--from', fromDir, '--json']);
    expect(refreshed.err).not.toContain('error');
    expect(refreshed.code).toBe(0);
    const report = JSON.parse(refreshed.out) as {
      schema: string;
      views: { view: string; rows: number; concurrently: boolean }[];
    };
    expect(report.schema).toBe('reporting');
    const ours = report.views.find((v) => v.view === view);
    expect(ours?.concurrently).toBe(true);
    expect(ours?.rows).toBeGreaterThan(0);
    const afterRefresh = await reportRows();
    expect(afterRefresh).not.toEqual(liveRows);

    // Without the option the view is live again, and shows exactly what the refresh computed.
    const back = await provision();
    expect(back.code).toBe(0);
    expect(back.out).toContain('materialized view → view');
    expect(await relkind(view)).toBe('v');
    expect(await reportRows()).toEqual(afterRefresh);
  });

  it('refresh names an unknown view and what exists', async () => {
    const result = await run(['refresh', '--from', fromDir, '--views', 'acct_master']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('Not a materialized view dtx-reports manages in reporting');
    expect(result.err).toContain('acct_master');
  });
});
