import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  plantedClientDifferences,
  plantedSnapshotDifferences,
} from '../../src/demo-data/snapshot-alignment.ts';
import { readLegacyExport } from '../../src/legacy/read-export.ts';
import { loadTestDemoData } from '../support/demo-data.ts';
import { runCli, type CliRun } from '../support/run-cli.ts';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { projectRoot } from '../support/shared.ts';

/**
 * reconcile on the bundled sample against demo data in a real PostgreSQL: the demo records carry
 * report_data's values, except the planted differences, which reconcile must find, and nothing
 * else may differ.
 */
interface JsonReport {
  readonly columns: readonly {
    readonly column: string;
    readonly outcome: string;
    readonly change: string | null;
    readonly equal: number;
    readonly different: number;
    readonly missingInDtx2: number;
    readonly missingInSnapshot: number;
    readonly snapshotInconsistent: number;
    readonly examples: {
      readonly different: readonly { phId: string; snapshot: string; dtx2: string }[];
    };
  }[];
  readonly unmatched: readonly unknown[];
  readonly totals: Record<string, number>;
  readonly batch: { createTime: string; ageDays: number };
  readonly verdict: { within: boolean };
}

describe('reconcile on the sample with demo data', () => {
  let db: ScratchDatabase;
  let json: CliRun;
  let report: JsonReport;

  beforeAll(async () => {
    db = await createScratchDatabase('dtx_reconcile');
    await loadTestDemoData(db.url, { records: 400, seed: 7 });
    await db.pool.query('CREATE SCHEMA reporting');
    await db.pool.query(
      await readFile(path.join(projectRoot, 'views', 'base', 'base_record.sql'), 'utf8'),
    );
    json = await runCli(['reconcile', '--format', 'json', '--examples', '10'], {
      env: { DATABASE_URL: db.url },
    });
    report = JSON.parse(json.out) as JsonReport;
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('lists every one of the 93 snapshot columns and matches every row', () => {
    expect(report.columns.map((column) => column.column)).toHaveLength(93);
    expect(report.totals['rows']).toBe(100);
    expect(report.totals['matched']).toBe(100);
    expect(report.unmatched).toEqual([]);
    expect(report.batch.createTime).toBe('2025-06-30 02:00:00');
    // Every filled, mapped column is compared; the NULL-only ones are "not filled".
    const compared = report.columns.filter((column) => column.outcome === 'compared');
    expect(compared.map((column) => column.column)).toEqual([
      'SO_ID',
      'SO_Name',
      'SO_Status',
      'SO_Industry',
      'SO_AccountManager',
      'SO_CreateTime',
      'CH_ID',
      'CH_Name',
      'CH_Status',
      'CH_CreateTime',
      'PH_ID',
      'PH_Name',
      'PH_Status',
      'PH_OnHold',
      'PH_Exempt',
      'PH_COI_Status',
      'PH_COI_Compliant',
      'PH_COI_Expiration',
      'PH_DOC_Compliant',
      'PH_DOC_RiskProfile_ID',
      'PH_GL_Limit',
      'PH_Waiver',
      'PH_AdditionalInsured',
    ]);
  });

  it('finds every planted difference and no other', async () => {
    // Expected from the export itself: each record-level plant is one cell, a client-level plant
    // is every row of that client.
    const { snapshot } = await readLegacyExport(
      path.join(projectRoot, 'examples', 'legacy-export'),
    );
    const at = (name: string) => snapshot.columns.indexOf(name);
    const expected = [
      ...plantedSnapshotDifferences.map((plant) => `${plant.column}:${plant.phId}`),
      ...plantedClientDifferences.flatMap((plant) =>
        snapshot.rows
          .filter((row) => row[at('CH_ID')] === String(plant.chId))
          .map((row) => `${plant.column}:${row[at('PH_ID')]}`),
      ),
    ].sort();
    const found = report.columns.flatMap((column) =>
      column.examples.different.map((example) => `${column.column}:${example.phId}`),
    );
    expect(expected.length).toBeGreaterThan(plantedSnapshotDifferences.length);
    expect(found.sort()).toEqual(expected);
    expect(report.totals['different']).toBe(expected.length);
    expect(report.totals['missingInDtx2']).toBe(0);
    expect(report.totals['missingInSnapshot']).toBe(0);
    const name = report.columns.find((column) => column.column === 'PH_Name');
    expect(name?.examples.different[0]).toMatchObject({
      phId: '50010',
      snapshot: 'Vendor 010 LLC',
      dtx2: 'Vendor 010 LLC (renamed)',
    });
    expect(report.totals['differentCannotChange']).toBe(1);
    expect(report.totals['differentCouldChange']).toBe(expected.length - 1);
  });

  it('reports the snapshot contradicting itself apart from DTX 2.0 differences', () => {
    const byName = new Map(report.columns.map((column) => [column.column, column]));
    // The sample's SO_Industry varies within one service org; PH_COI_Compliant disagrees with
    // PH_COI_Status on the same row.
    expect(byName.get('SO_Industry')?.snapshotInconsistent).toBeGreaterThan(0);
    expect(byName.get('PH_COI_Compliant')?.snapshotInconsistent).toBeGreaterThan(0);
    expect(byName.get('PH_COI_Compliant')?.different).toBe(0);
    expect(byName.get('SO_Name')?.equal).toBe(100);
  });

  it('exits 3 beyond the tolerance and 0 within it, and prints Markdown by default', async () => {
    expect(json.code).toBe(3);
    expect(report.verdict.within).toBe(false);
    const within = await runCli(
      ['reconcile', '--tolerance', String(report.totals['disagreements'])],
      {
        env: { DATABASE_URL: db.url },
      },
    );
    expect(within.code).toBe(0);
    expect(within.out).toContain('| PH_GL_Limit | gl_limit | compared |');
    expect(within.out).toContain('**within tolerance**');
    const share = await runCli(['reconcile', '--tolerance', '0.1%'], {
      env: { DATABASE_URL: db.url },
    });
    expect(share.code).toBe(3);
  });

  it('is read-only: the database is unchanged after a run', async () => {
    const before = await db.pool.query<{ hash: string }>(
      "SELECT md5(string_agg(r::text, ',' ORDER BY id)) AS hash FROM public.docutrax_hierarchy_record r",
    );
    await runCli(['reconcile'], { env: { DATABASE_URL: db.url } });
    const after = await db.pool.query<{ hash: string }>(
      "SELECT md5(string_agg(r::text, ',' ORDER BY id)) AS hash FROM public.docutrax_hierarchy_record r",
    );
    expect(after.rows[0]?.hash).toBe(before.rows[0]?.hash);
  });

  it('says what to do when the base layer is not provisioned', async () => {
    const empty = await createScratchDatabase('dtx_reconcile_empty');
    try {
      const run = await runCli(['reconcile'], { env: { DATABASE_URL: empty.url } });
      expect(run.code).toBe(1);
      expect(run.err).toContain('reporting.base_record does not exist');
      expect(run.err).not.toContain('    at ');
    } finally {
      await empty.drop();
    }
  });
});
