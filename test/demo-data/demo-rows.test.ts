import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { planDemoLayout } from '../../src/demo-data/demo-layout.ts';
import { demoTableChunks } from '../../src/demo-data/demo-rows.ts';
import { demoSqlScript } from '../../src/demo-data/demo-sql-script.ts';
import { demoTables, type DemoTableName } from '../../src/demo-data/demo-tables.ts';
import type { LegacyIdentities } from '../../src/demo-data/legacy-identities.ts';
import { readLegacyIdentities } from '../../src/demo-data/read-legacy-identities.ts';
import { scriptAnchorDate } from '../../src/demo-data/run-demo-data.ts';
import { projectRoot } from '../support/shared.ts';

const exportDir = path.join(projectRoot, 'examples', 'legacy-export');

/** The export's CSV read independently of the code under test. */
function csvColumn(file: string, column: string): number[] {
  const rows: Record<string, string>[] = parse(readFileSync(path.join(exportDir, file)), {
    columns: true,
    bom: true,
  });
  return rows
    .map((row) => row[column])
    .filter((value) => value !== undefined && value !== 'NULL')
    .map(Number);
}

function tableText(
  legacy: LegacyIdentities,
  records: number,
  seed: number,
  referenceDate: string,
  table: DemoTableName,
): string {
  const layout = planDemoLayout({ records, seed, referenceDate, legacy });
  return [...demoTableChunks(layout, table)].join('');
}

function allTablesHash(
  legacy: LegacyIdentities,
  records: number,
  seed: number,
  referenceDate: string,
): string {
  const layout = planDemoLayout({ records, seed, referenceDate, legacy });
  const hash = createHash('sha256');
  for (const table of demoTables) {
    hash.update(`${table.name}\n`);
    for (const chunk of demoTableChunks(layout, table.name)) hash.update(chunk);
  }
  return hash.digest('hex');
}

function rows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

function columnIndex(table: DemoTableName, column: string): number {
  const index =
    demoTables.find((candidate) => candidate.name === table)?.columns.indexOf(column) ?? -1;
  if (index < 0) throw new Error(`${table}.${column} unknown`);
  return index;
}

let legacy: LegacyIdentities;
beforeAll(async () => {
  legacy = await readLegacyIdentities(exportDir);
});

describe('demo rows', () => {
  it('are identical for the same seed, records and reference date', () => {
    const first = allTablesHash(legacy, 1_500, 7, '2025-03-10');
    expect(allTablesHash(legacy, 1_500, 7, '2025-03-10')).toBe(first);
    expect(allTablesHash(legacy, 1_500, 8, '2025-03-10')).not.toBe(first);
    expect(allTablesHash(legacy, 1_501, 7, '2025-03-10')).not.toBe(first);
  });

  it('move every date with the reference date and change nothing else', () => {
    const before = rows(tableText(legacy, 800, 3, '2025-03-10', 'docutrax_documents_certificate'));
    const after = rows(tableText(legacy, 800, 3, '2025-03-20', 'docutrax_documents_certificate'));
    expect(after.length).toBe(before.length);
    const expiration = columnIndex('docutrax_documents_certificate', 'expiration_date');
    const received = columnIndex('docutrax_documents_certificate', 'received_at');
    const dayMs = 86_400_000;
    after.forEach((row, index) => {
      const old = before[index]!;
      expect(Date.parse(row[expiration]!) - Date.parse(old[expiration]!)).toBe(10 * dayMs);
      const shifted = (text: string) => Date.parse(text.replace(' ', 'T').replace('+00', 'Z'));
      expect(shifted(row[received]!) - shifted(old[received]!)).toBe(10 * dayMs);
      expect(
        row.filter(
          (_, column) =>
            column !== expiration && column !== received && !/^\d{4}-/.test(row[column]!),
        ),
      ).toEqual(
        old.filter(
          (_, column) =>
            column !== expiration && column !== received && !/^\d{4}-/.test(old[column]!),
        ),
      );
    });
  });

  it('give every table consecutive ids from 1 and the declared number of columns', () => {
    const layout = planDemoLayout({ records: 1_000, seed: 1, referenceDate: '2025-03-10', legacy });
    for (const table of demoTables) {
      const lines = rows([...demoTableChunks(layout, table.name)].join(''));
      expect(lines.length, table.name).toBeGreaterThan(0);
      lines.forEach((line, index) => {
        expect(line.length, `${table.name} row ${index + 1}`).toBe(table.columns.length);
        expect(line[0], table.name).toBe(String(index + 1));
      });
    }
  });

  it('carry every legacy customer, client and record id of the bundled export', () => {
    const customers = new Set([
      ...csvColumn('report.csv', 'customer_id').filter((id) => id !== 0),
      ...csvColumn('report_master_schedule.csv', 'customer_id'),
      ...csvColumn('report_master_log.csv', 'customer_id'),
      ...csvColumn('report_data.csv', 'SO_ID'),
    ]);
    expect(customers.size).toBeGreaterThan(0);
    const accounts = rows(tableText(legacy, 300, 1, '2025-03-10', 'docutrax_hierarchy_account'));
    const records = rows(tableText(legacy, 300, 1, '2025-03-10', 'docutrax_hierarchy_record'));
    const accountById = new Map(accounts.map((row) => [row[0]!, row]));
    const customerColumn = columnIndex('docutrax_hierarchy_account', 'legacy_customer_id');
    const chColumn = columnIndex('docutrax_hierarchy_account', 'legacy_ch_id');
    const parentColumn = columnIndex('docutrax_hierarchy_account', 'parent_id');
    const serviceOrgs = new Map(
      accounts
        .filter((row) => row[2] === 'service_org')
        .map((row) => [Number(row[customerColumn]), row[0]!]),
    );
    for (const customer of customers)
      expect(serviceOrgs.has(customer), `customer ${customer}`).toBe(true);

    const sample: Record<string, string>[] = parse(
      readFileSync(path.join(exportDir, 'report_data.csv')),
      {
        columns: true,
        bom: true,
      },
    );
    const clientByChId = new Map(
      accounts.filter((row) => row[2] === 'client').map((row) => [row[chColumn]!, row]),
    );
    const phColumn = columnIndex('docutrax_hierarchy_record', 'legacy_ph_id');
    const recordByPhId = new Map(records.map((row) => [row[phColumn]!, row]));
    for (const row of sample) {
      const client = clientByChId.get(row['CH_ID']!);
      expect(client, `CH_ID ${row['CH_ID']}`).toBeDefined();
      expect(client![parentColumn]).toBe(serviceOrgs.get(Number(row['SO_ID'])));
      const record = recordByPhId.get(row['PH_ID']!);
      expect(record, `PH_ID ${row['PH_ID']}`).toBeDefined();
      expect(accountById.get(record![1]!)?.[chColumn]).toBe(row['CH_ID']);
    }
  });

  it('give every legacy user id of the export a user', () => {
    const users = rows(tableText(legacy, 100, 1, '2025-03-10', 'auth_user'));
    const legacyColumn = columnIndex('auth_user', 'legacy_user_id');
    const legacyUserIds = new Set(users.map((row) => row[legacyColumn]));
    const expected = new Set([
      ...csvColumn('report_master_schedule.csv', 'user_id'),
      ...csvColumn('report_master_log.csv', 'user_id'),
      ...csvColumn('report.csv', 'created_by'),
    ]);
    for (const id of expected) expect(legacyUserIds.has(String(id)), `user ${id}`).toBe(true);
  });
});

describe('db/demo/20-demo-data.sql', () => {
  it('is exactly what the generator writes (regenerate: npm run demo-data -- --records 2000 --sql-out db/demo/20-demo-data.sql)', () => {
    const committed = readFileSync(
      path.join(projectRoot, 'db', 'demo', '20-demo-data.sql'),
      'utf8',
    );
    const layout = planDemoLayout({
      records: 2_000,
      seed: 1,
      referenceDate: scriptAnchorDate,
      legacy,
    });
    const generated = [...demoSqlScript(layout, 'public')].join('');
    expect(createHash('sha256').update(committed).digest('hex')).toBe(
      createHash('sha256').update(generated).digest('hex'),
    );
  });
});
