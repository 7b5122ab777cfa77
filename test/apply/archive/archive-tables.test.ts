import { describe, expect, it } from 'vitest';
import {
  archiveTables,
  copySql,
  createTableSql,
} from '../../../src/apply/archive/archive-tables.ts';
import { readLegacyExport } from '../../../src/legacy/read-export.ts';
import { legacyFixture } from '../../legacy/fixtures.ts';

describe('archive tables', async () => {
  const tables = archiveTables(await readLegacyExport(legacyFixture('minimal-rfc')));
  const byName = (name: string) => {
    const table = tables.find((t) => t.name === name);
    if (table === undefined) throw new Error(name);
    return table;
  };

  it('has all 8 legacy tables plus load_problem, in load order', () => {
    expect(tables.map((t) => t.name)).toEqual([
      'report_category',
      'report',
      'report_field_definition',
      'report_definition',
      'report_master_schedule',
      'report_master_log',
      'report_master_schedule_log',
      'report_data',
      'load_problem',
    ]);
  });

  it('builds exact DDL', () => {
    expect(createTableSql('dtx1_archive_new', byName('report_definition'))).toBe(
      'CREATE TABLE "dtx1_archive_new"."report_definition" (\n' +
        '  "id" integer,\n  "report_id" integer,\n  "report_field_id" integer,\n  "sort_order" integer,\n  "source_line" integer,\n' +
        '  PRIMARY KEY ("id")\n)',
    );
    expect(copySql('dtx1_archive_new', byName('report_category'))).toBe(
      'COPY "dtx1_archive_new"."report_category" ("id", "name", "description", "source_line") FROM STDIN WITH (FORMAT csv)',
    );
  });

  it('types report_data by inference, lower-cases its names and converts values', () => {
    const data = byName('report_data');
    expect(data.columns).toEqual([
      { name: 'so_id', type: 'bigint' },
      { name: 'so_name', type: 'text' },
      { name: 'ph_exempt', type: 'boolean' },
      { name: 'ph_onhold', type: 'boolean' },
      { name: 'ph_coi_expiration', type: 'date' },
      { name: 'ph_gl_limit', type: 'bigint' },
      { name: 'source_line', type: 'integer' },
    ]);
    expect(data.rows).toEqual([
      [1001, 'Acme', true, true, '2025-07-21', 1000000, 2],
      [1001, 'Acme', false, false, null, 500000, 3],
    ]);
  });

  it('keeps the raw PHP text beside the decoded recipients', () => {
    const schedule = byName('report_master_schedule');
    const row = schedule.rows[0] ?? [];
    const at = (name: string) => row[schedule.columns.findIndex((c) => c.name === name)];
    expect(at('email')).toBe('a:1:{i:0;s:21:"risk@acme.example.com";}');
    expect(at('recipients')).toBe('["risk@acme.example.com"]');
    expect(at('do_not_send_email')).toBe('N;');
  });
});
