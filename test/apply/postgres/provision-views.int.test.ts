import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminUrl,
  createScratchDatabase,
  type ScratchDatabase,
} from '../../support/scratch-database.ts';
import { runCli } from '../../support/run-cli.ts';
import { referenceSchemaSql } from './views-support.ts';

/**
 * `provision --views-only` end to end on real Postgres, through the CLI: views from the bundled
 * sample, an event trigger that records every DDL command the server starts (so "no DDL on the
 * second run" is observed by the database, not assumed), the reader role's privileges, changes,
 * drops, refusals, the catalog check and rollback.
 */
const role = `dtx_reader_${randomBytes(4).toString('hex')}`;
const otherRole = `dtx_reader_${randomBytes(4).toString('hex')}`;
const password = 'Test-Passw0rd';
let db: ScratchDatabase;
let fromDir: string;

const run = (args: readonly string[], env: Record<string, string> = {}) =>
  runCli(args, {
    env: { DATABASE_URL: db.url, REPORTING_DB_ROLE: role, REPORTING_DB_PASSWORD: password, ...env },
    cwd: fromDir,
  });

const provision = (...extra: string[]) =>
  run(['provision', '--views-only', '--from', fromDir, ...extra]);

async function ddlCount(): Promise<number> {
  const result = await db.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM ddl_log');
  return Number(result.rows[0]?.n);
}

async function managedViews(): Promise<string[]> {
  const result = await db.pool.query<{ name: string }>(
    `SELECT viewname AS name FROM pg_views WHERE schemaname = 'reporting' ORDER BY 1`,
  );
  return result.rows.map((r) => r.name);
}

beforeAll(async () => {
  db = await createScratchDatabase('dtx_provision');
  await db.pool.query(referenceSchemaSql());
  await db.pool.query(`
    CREATE TABLE ddl_log (id serial PRIMARY KEY, tag text NOT NULL);
    CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS
      $$ BEGIN INSERT INTO ddl_log (tag) VALUES (tg_tag); END $$;
    CREATE EVENT TRIGGER log_ddl ON ddl_command_start EXECUTE FUNCTION log_ddl();
  `);
  fromDir = await mkdtemp(path.join(tmpdir(), 'dtx-provision-'));
  const generated = await run(['generate', '--out', fromDir]);
  expect(generated.err).toBe('');
  expect(generated.code).toBe(0);
});

afterAll(async () => {
  await db?.drop();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.query(`DROP ROLE IF EXISTS ${otherRole}`);
  await admin.end();
  if (fromDir) await rm(fromDir, { recursive: true, force: true });
});

describe('provision --views-only', () => {
  it('shows the plan and changes nothing with --dry-run', async () => {
    const result = await provision('--dry-run');
    expect(result.err).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      'views in reporting: 98 created, 0 replaced, 0 recreated, 0 dropped, 0 unchanged',
    );
    expect(result.out).toContain(`role ${role}: create`);
    expect(await ddlCount()).toBe(0);
    expect(await managedViews()).toEqual([]);
  });

  it('creates the schema, every view, the role and its grants in one go', async () => {
    const result = await provision();
    expect(result.err).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Views and role applied in one transaction.');
    expect(result.out).not.toContain(password);
    expect(await managedViews()).toHaveLength(98);
    expect(await ddlCount()).toBeGreaterThan(98);
  });

  it('sends no DDL at all on a second run', async () => {
    const before = await ddlCount();
    const result = await provision();
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      'views in reporting: 0 created, 0 replaced, 0 recreated, 0 dropped, 98 unchanged',
    );
    expect(result.out).toContain(`role ${role}: unchanged; grants: 0`);
    expect(result.out).toContain('Nothing to do: no statement or request was sent.');
    expect(await ddlCount()).toBe(before);
  });

  it('gives the reader role every reporting view and nothing of the DTX 2.0 tables', async () => {
    const url = new URL(db.url);
    url.username = role;
    url.password = password;
    const reader = new pg.Client({ connectionString: url.toString() });
    await reader.connect();
    try {
      await expect(
        reader.query('SELECT * FROM public.docutrax_hierarchy_record LIMIT 1'),
      ).rejects.toThrow(/permission denied/);
      for (const view of await managedViews()) {
        const rows = await reader.query(`SELECT * FROM reporting."${view}" LIMIT 1`);
        expect(rows.fields.length).toBeGreaterThan(0);
      }
      // Its sessions are read-only by default; with that turned off, the grants still refuse.
      await expect(reader.query('CREATE TABLE reporting.mine (x int)')).rejects.toThrow(
        /read-only transaction/,
      );
      await reader.query('SET default_transaction_read_only = off');
      await expect(reader.query('CREATE TABLE reporting.mine (x int)')).rejects.toThrow(
        /permission denied/,
      );
      await expect(reader.query('DELETE FROM reporting.coi_expired')).rejects.toThrow(
        /permission denied|cannot delete/,
      );
    } finally {
      await reader.end();
    }
  });

  it('replaces a changed view (and only it), then is unchanged again', async () => {
    const file = path.join(fromDir, 'views', 'reports', 'coi_expired.sql');
    const original = await readFile(file, 'utf8');
    // A reordered column list: CREATE OR REPLACE VIEW alone would refuse this.
    await writeFile(
      file,
      original.replace(
        'b.ch_name AS "Client Name",\n    b.ph_name AS "Account Name",',
        'b.ph_name AS "Account Name",\n    b.ch_name AS "Client Name",',
      ),
    );
    const changed = await provision();
    expect(changed.err).not.toMatch(/error/i);
    expect(changed.out).toContain('1 replaced, 0 recreated, 0 dropped, 97 unchanged');
    const columns = await db.pool.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'reporting' AND table_name = 'coi_expired' ORDER BY ordinal_position LIMIT 2`,
    );
    expect(columns.rows.map((r) => r.column_name)).toEqual(['Account Name', 'Client Name']);
    const before = await ddlCount();
    expect((await provision()).out).toContain('98 unchanged');
    expect(await ddlCount()).toBe(before);
    await writeFile(file, original);
    expect((await provision()).out).toContain('1 replaced');
  });

  it('recreates dependents when the base view changes, and drops views no longer generated', async () => {
    const base = path.join(fromDir, 'views', 'base', 'base_record.sql');
    const original = await readFile(base, 'utf8');
    await writeFile(
      base,
      original.replace('so.name::text AS so_name', "so.name::text || '' AS so_name"),
    );
    const stale = path.join(fromDir, 'views', 'reports', 'acct_master.sql');
    const staleText = await readFile(stale, 'utf8');
    await unlink(stale);
    await db.pool.query('CREATE VIEW reporting.not_ours AS SELECT 1 AS x');
    const kept = await provision();
    expect(kept.code).toBe(1);
    expect(kept.err).toContain(
      'reporting.acct_master is no longer generated but depends on reporting.base_record, which must be replaced; run with --prune to drop it',
    );
    const result = await provision('--prune');
    expect(result.err).not.toMatch(/error/i);
    expect(result.out).toContain('0 created, 1 replaced, 96 recreated, 1 dropped, 0 unchanged');
    expect(await managedViews()).not.toContain('acct_master');
    expect(await managedViews()).toContain('not_ours');
    await writeFile(base, original);
    await writeFile(stale, staleText);
    expect((await provision()).out).toContain('1 created, 1 replaced, 96 recreated');
  });

  it('refuses to replace a view something unmanaged depends on, and changes nothing', async () => {
    await db.pool.query('CREATE VIEW reporting.my_extract AS SELECT * FROM reporting.coi_expired');
    const file = path.join(fromDir, 'views', 'reports', 'coi_expired.sql');
    const original = await readFile(file, 'utf8');
    await writeFile(
      file,
      original.replace(
        'FROM reporting.base_record AS b;',
        'FROM reporting.base_record AS b\nWHERE true;',
      ),
    );
    const before = await ddlCount();
    const result = await provision();
    expect(result.code).toBe(1);
    expect(result.err).toContain('view reporting.my_extract depends on reporting.coi_expired');
    expect(await ddlCount()).toBe(before);
    await writeFile(file, original);
    await db.pool.query('DROP VIEW reporting.my_extract');
  });

  it('refuses to take over an object it did not create', async () => {
    await db.pool.query('DROP VIEW reporting.coi_expired');
    await db.pool.query('CREATE VIEW reporting.coi_expired AS SELECT 1 AS x');
    const result = await provision();
    expect(result.code).toBe(1);
    expect(result.err).toContain('reporting.coi_expired exists but was not created by dtx-reports');
    await db.pool.query('DROP VIEW reporting.coi_expired');
    expect((await provision()).out).toContain('1 created');
  });
});

describe('provision --views-only before any change', () => {
  let fresh: ScratchDatabase;
  beforeAll(async () => {
    fresh = await createScratchDatabase('dtx_provision_check');
    await fresh.pool.query(referenceSchemaSql());
  });
  afterAll(async () => {
    await fresh?.drop();
  });
  const runOn = (args: readonly string[], env: Record<string, string> = {}) =>
    run(args, { DATABASE_URL: fresh.url, REPORTING_DB_ROLE: otherRole, ...env });
  const schemaExists = async () =>
    (await fresh.pool.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'reporting'`)).rowCount ===
    1;
  const roleExists = async () =>
    (await fresh.pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [otherRole])).rowCount ===
    1;

  it('names every missing table and column in one message', async () => {
    await fresh.pool.query('ALTER TABLE docutrax_hierarchy_record DROP COLUMN tax_id');
    await fresh.pool.query(
      'ALTER TABLE docutrax_extraction_extraction RENAME TO docutrax_extraction_run',
    );
    const result = await runOn(['provision', '--views-only', '--from', fromDir]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('lacks 2 table(s)/column(s)');
    expect(result.err).toContain('column public.docutrax_hierarchy_record.tax_id is missing');
    expect(result.err).toContain('table public.docutrax_extraction_extraction is missing');
    expect(await schemaExists()).toBe(false);
    await fresh.pool.query(
      'ALTER TABLE docutrax_extraction_run RENAME TO docutrax_extraction_extraction',
    );
    await fresh.pool.query('ALTER TABLE docutrax_hierarchy_record ADD COLUMN tax_id varchar(32)');
  });

  it('rolls everything back when a statement fails', async () => {
    const broken = await mkdtemp(path.join(tmpdir(), 'dtx-broken-'));
    try {
      expect((await runOn(['generate', '--out', broken])).code).toBe(0);
      const reports = path.join(broken, 'views', 'reports');
      const last = (await readdir(reports)).sort().at(-1) ?? '';
      const text = await readFile(path.join(reports, last), 'utf8');
      await writeFile(
        path.join(reports, last),
        text.replace('FROM reporting.base_record AS b', 'FROM reporting.no_such_view AS b'),
      );
      const result = await runOn(['provision', '--views-only', '--from', broken]);
      expect(result.code).toBe(1);
      expect(result.err).toContain('PostgreSQL refused to create');
      expect(result.err).toContain('nothing was changed');
      expect(await schemaExists()).toBe(false);
      expect(await roleExists()).toBe(false);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });

  it('will not create the role without a password', async () => {
    const result = await runOn(['provision', '--views-only', '--from', fromDir], {
      REPORTING_DB_PASSWORD: '',
    });
    expect(result.code).toBe(1);
    expect(result.err).toContain('REPORTING_DB_PASSWORD is not set');
    expect(await schemaExists()).toBe(false);
  });
});
