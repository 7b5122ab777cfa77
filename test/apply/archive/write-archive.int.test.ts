import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveSchema, writeArchive } from '../../../src/apply/archive/write-archive.ts';
import { InputError } from '../../../src/errors.ts';
import { readLegacyExport } from '../../../src/legacy/read-export.ts';
import type { LegacyExport } from '../../../src/legacy/types.ts';
import { main } from '../../../src/cli/main.ts';
import type { CliIo } from '../../../src/cli/io.ts';
import { legacyFixture } from '../../legacy/fixtures.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../support/scratch-database.ts';
import { projectRoot } from '../../support/shared.ts';
import path from 'node:path';

let db: ScratchDatabase;
let sample: LegacyExport;
let small: LegacyExport;

beforeAll(async () => {
  db = await createScratchDatabase('dtx_archive');
  sample = await readLegacyExport(path.join(projectRoot, 'examples', 'legacy-export'));
  small = await readLegacyExport(legacyFixture('twin-rfc'));
});
afterAll(async () => {
  await db?.drop();
});

/** `force`: replacing the sample's archive by the small export shrinks it on purpose. */
async function archive(legacy: LegacyExport, options: { force?: boolean } = {}) {
  const client = await db.pool.connect();
  try {
    return await writeArchive(client, legacy, options);
  } finally {
    client.release();
  }
}

async function counts(): Promise<Record<string, number>> {
  const result = await db.pool.query<{ table_name: string; rows: string }>(
    `SELECT table_name, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text AS rows
       FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
    [archiveSchema],
  );
  return Object.fromEntries(result.rows.map((r) => [r.table_name, Number(r.rows)]));
}

async function schemas(): Promise<string[]> {
  const result = await db.pool.query<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'dtx1_archive%' ORDER BY 1`,
  );
  return result.rows.map((r) => r.nspname);
}

describe('archive on the real local Postgres', () => {
  it('loads all 8 tables, typed, with decoded recipients as jsonb beside the raw PHP', async () => {
    const summary = await archive(sample);
    expect(summary.tables.map((t) => [t.table, t.rows])).toEqual([
      ['report_category', 9],
      ['report', 102],
      ['report_field_definition', 112],
      ['report_definition', 756],
      ['report_master_schedule', 100],
      ['report_master_log', 100],
      ['report_master_schedule_log', 100],
      ['report_data', 100],
      ['load_problem', 16],
    ]);
    expect(await counts()).toMatchObject({
      report: 102,
      report_definition: 756,
      report_data: 100,
      report_master_schedule: 100,
    });

    const schedule = await db.pool.query(
      `SELECT email, recipients, start_date, end_date, active, jsonb_typeof(recipients) AS kind
         FROM dtx1_archive.report_master_schedule WHERE id = 1`,
    );
    expect(schedule.rows[0]).toEqual({
      email: 'a:2:{i:0;s:22:"risk@atlas.example.com";i:1;s:25:"finance@atlas.example.com";}',
      recipients: ['risk@atlas.example.com', 'finance@atlas.example.com'],
      start_date: null,
      end_date: null,
      active: true,
      kind: 'array',
    });
    const types = await db.pool.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'dtx1_archive' AND table_name = 'report_data' AND column_name IN ('so_id', 'ph_exempt', 'ph_coi_expiration', 'so_createtime', 'so_name')
        ORDER BY column_name`,
    );
    expect(types.rows).toEqual([
      { column_name: 'ph_coi_expiration', data_type: 'date' },
      { column_name: 'ph_exempt', data_type: 'boolean' },
      { column_name: 'so_createtime', data_type: 'timestamp without time zone' },
      { column_name: 'so_id', data_type: 'bigint' },
      { column_name: 'so_name', data_type: 'text' },
    ]);
  });

  it('keeps empty strings, NULLs, quotes, newlines and non-ASCII text apart', async () => {
    await archive(small, { force: true });
    const result = await db.pool.query<{ id: number; name: string; internal_name: string | null }>(
      'SELECT id, name, internal_name FROM dtx1_archive.report ORDER BY id',
    );
    expect(result.rows).toEqual(
      small.reports.map((r) => ({ id: r.id, name: r.name, internal_name: r.internalName })),
    );
  });

  it('replaces the archive on a re-run (same counts, no leftover staging schema)', async () => {
    await archive(sample);
    const first = await counts();
    await archive(sample);
    expect(await counts()).toEqual(first);
    expect(await schemas()).toEqual(['dtx1_archive']);
  });

  it('leaves the previous archive untouched when the replacement fails late (a foreign view depends on it)', async () => {
    await archive(small, { force: true });
    const before = await counts();
    await db.pool.query('CREATE SCHEMA someone_else');
    await db.pool.query(
      'CREATE VIEW someone_else.report_names AS SELECT name FROM dtx1_archive.report',
    );
    try {
      const error: unknown = await archive(sample).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toMatch(
        /^cannot replace dtx1_archive: objects dtx-reports does not manage depend on it/,
      );
      // All of the sample was loaded into the staging schema before the failure: it is gone again.
      expect(await counts()).toEqual(before);
      expect(before['report']).toBe(small.reports.length);
      expect(await schemas()).toEqual(['dtx1_archive']);
      const view = await db.pool.query('SELECT count(*)::int AS n FROM someone_else.report_names');
      expect(view.rows[0]).toEqual({ n: small.reports.length });
    } finally {
      await db.pool.query('DROP SCHEMA someone_else CASCADE');
    }
  });

  it('refuses to touch a schema of the same name it did not create', async () => {
    await archive(small);
    const before = await counts();
    await db.pool.query('CREATE SCHEMA dtx1_archive_new');
    await db.pool.query('CREATE TABLE dtx1_archive_new.precious (x int)');
    try {
      const error: unknown = await archive(sample).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toBe(
        'schema dtx1_archive_new already exists and was not created by dtx-reports; rename or drop it yourself (nothing was changed)',
      );
      expect(await counts()).toEqual(before);
      const precious = await db.pool.query(
        `SELECT to_regclass('dtx1_archive_new.precious') IS NOT NULL AS kept`,
      );
      expect(precious.rows[0]).toEqual({ kept: true });
    } finally {
      await db.pool.query('DROP SCHEMA dtx1_archive_new CASCADE');
    }
  });
});

describe('dtx-reports archive', () => {
  function capture(env: Record<string, string>): {
    io: CliIo;
    out: () => string;
    err: () => string;
  } {
    const out: string[] = [];
    const err: string[] = [];
    return {
      io: {
        out: (t) => void out.push(t),
        err: (t) => void err.push(t),
        env,
        cwd: projectRoot,
        projectRoot,
        interactive: false,
      },
      out: () => out.join(''),
      err: () => err.join(''),
    };
  }

  it('loads the bundled sample into DATABASE_URL and prints rows per table', async () => {
    const c = capture({ DATABASE_URL: db.url });
    expect(await main(['archive'], c.io)).toBe(0);
    expect(c.out()).toContain(
      `archive: loaded schema dtx1_archive on postgres@127.0.0.1:5432/${db.name}\n`,
    );
    expect(c.out()).toMatch(/ report_definition\s+756 rows\n/);
  });

  it('lets --database-url win over DATABASE_URL and never prints the password', async () => {
    const withPassword = new URL(db.url);
    withPassword.password = 's3cret-pw';
    withPassword.port = '1';
    const c = capture({ DATABASE_URL: db.url });
    expect(await main(['archive', '--database-url', withPassword.toString()], c.io)).toBe(1);
    expect(c.err()).toContain('cannot connect to PostgreSQL at postgres@127.0.0.1:1/');
    expect(c.err() + c.out()).not.toContain('s3cret-pw');
  });

  it('says what to do without a database', async () => {
    const c = capture({});
    expect(await main(['archive'], c.io)).toBe(1);
    expect(c.err()).toBe(
      'error: no target database: set DATABASE_URL or pass --database-url postgres://user@host:5432/db\n',
    );
  });
});
