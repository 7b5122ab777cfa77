import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cutAtRowEnd,
  cutInHalf,
  mixLineEnds,
  repeatRow,
  sampleCopy,
} from '../../support/damaged-sample.ts';
import { runCli } from '../../support/run-cli.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../support/scratch-database.ts';

/**
 * Issue 11, row 4 against the real local Postgres: a damaged export never replaces a good
 * archive without the operator saying so, and a refused run leaves the archive exactly as it was.
 */

let db: ScratchDatabase;
const created: string[] = [];

beforeAll(async () => {
  db = await createScratchDatabase('dtx_archive_refusals');
});
afterAll(async () => {
  await db?.drop();
  await Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function damaged(damage: (dir: string) => Promise<void>): Promise<string> {
  const dir = await sampleCopy();
  created.push(dir);
  await damage(dir);
  return dir;
}

const archive = (args: readonly string[]) =>
  runCli(['archive', ...args], { env: { DATABASE_URL: db.url } });

/** Rows per archive table, and a fingerprint of the reports (not their source lines). */
async function snapshot(): Promise<{ counts: Record<string, number>; reports: string }> {
  const tables = await db.pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'dtx1_archive' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of tables.rows) {
    const result = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM dtx1_archive.${table_name}`,
    );
    counts[table_name] = result.rows[0]?.n ?? -1;
  }
  const reports = await db.pool.query<{ md5: string }>(
    `SELECT md5(string_agg((r.id, r.customer_id, r.name, r.active, r.create_time)::text, '|' ORDER BY id)) AS md5
       FROM dtx1_archive.report r`,
  );
  return { counts, reports: reports.rows[0]?.md5 ?? '' };
}

describe('archive on a damaged export (issue 11, row 4)', { timeout: 120_000 }, () => {
  it('starts from a good archive of the bundled sample', async () => {
    const run = await archive([]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect((await snapshot()).counts).toMatchObject({ report: 102, report_definition: 756 });
  });

  it('(a) report.csv cut in half: exit 1 naming file:line, the archive kept', async () => {
    const before = await snapshot();
    const legacy = await damaged((dir) => cutInHalf(dir, 'report.csv'));
    const run = await archive(['--legacy', legacy]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      'error: 1 row of the export cannot be read, so archive would work from an incomplete export; nothing was written.',
    );
    expect(run.err).toContain('\n  - report.csv:51: expected 15 values as in the header');
    expect(await snapshot()).toEqual(before);
  });

  it('(a) with --allow-problems: refuses to replace 102 reports by 49 without --force, the archive kept', async () => {
    const before = await snapshot();
    const legacy = await damaged((dir) => cutInHalf(dir, 'report.csv'));
    const run = await archive(['--legacy', legacy, '--allow-problems']);
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      'error: the export has fewer rows than the archive in dtx1_archive (report 102 → 49 rows); nothing was changed. ' +
        'Check that the export is complete, or pass --force to replace the archive anyway\n',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('report.csv cut at a row end (no row problem): refused as a shrink, the archive kept', async () => {
    const before = await snapshot();
    const legacy = await damaged((dir) => cutAtRowEnd(dir, 'report.csv'));
    const run = await archive(['--legacy', legacy]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /^error: the export has fewer rows than the archive in dtx1_archive \(report 102 → \d+ rows\); nothing was changed/,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('(b) mixed CRLF and LF line ends: read correctly, the same archive', async () => {
    const before = await snapshot();
    const legacy = await damaged(async (dir) => {
      await mixLineEnds(dir, 'report.csv');
      await mixLineEnds(dir, 'report_definition.csv');
    });
    const run = await archive(['--legacy', legacy]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it('(c) --dialect mysql on the rfc sample: exit 1 naming the file and its dialect, the archive kept', async () => {
    const before = await snapshot();
    const run = await archive(['--dialect', 'mysql']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /^error: report_category\.csv: --dialect mysql was given, but the file is in the rfc dialect/,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('(d) a repeated report.id: exit 1 naming file:line; --allow-problems lists it and archives', async () => {
    const before = await snapshot();
    const legacy = await damaged((dir) => repeatRow(dir, 'report.csv', 3));
    const refused = await archive(['--legacy', legacy]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      '\n  - report.csv:5: id: 3 already used on line 4 (the primary key must be unique); row skipped\n',
    );
    expect(await snapshot()).toEqual(before);

    const allowed = await archive(['--legacy', legacy, '--allow-problems']);
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain(
      '  --allow-problems: 1 row left out:\n    - report.csv:5: id: 3 already used on line 4 (the primary key must be unique); row skipped\n',
    );
    const after = await snapshot();
    expect(after.counts).toEqual({
      ...before.counts,
      load_problem: (before.counts['load_problem'] ?? 0) + 1,
    });
    expect(after.reports).toBe(before.reports);
  });

  it('(a) with --allow-problems --force: the operator replaces the archive knowingly', async () => {
    const legacy = await damaged((dir) => cutInHalf(dir, 'report.csv'));
    const run = await archive(['--legacy', legacy, '--allow-problems', '--force']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('  --allow-problems: 1 row left out:\n    - report.csv:51: ');
    expect((await snapshot()).counts['report']).toBe(49);
  });
});
