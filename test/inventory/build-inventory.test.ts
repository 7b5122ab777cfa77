import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../src/inventory/build-inventory.ts';
import { renderInventoryCsv, inventoryCsvColumns } from '../../src/inventory/render-csv.ts';
import { renderInventoryJson } from '../../src/inventory/render-json.ts';
import { renderInventoryMarkdown } from '../../src/inventory/render-markdown.ts';
import { readLegacyExport } from '../../src/legacy/read-export.ts';
import { legacyFixture } from '../legacy/fixtures.ts';
import { projectRoot } from '../support/shared.ts';

describe('buildInventory on a fixture', () => {
  it('ranks reports by runs then id, counts distinct known fields, and decodes schedules', async () => {
    const inventory = buildInventory(await readLegacyExport(legacyFixture('dangling-references')));
    expect(
      inventory.reports.map((r) => [r.rank, r.id, r.runs, r.fieldCount, r.category, r.kind]),
    ).toEqual([
      [1, 1, 2, 3, 'COI', 'system'],
      [2, 2, 1, 2, 'Custom', 'custom'],
      [3, 3, 0, 0, null, 'system'],
      [4, 4, 0, 0, 'COI', 'system'],
    ]);
    expect(inventory.fields.map((f) => [f.name, f.usedBy])).toEqual([
      ['ph_name', 2],
      ['coi_count', 1],
      ['coi_expiration_date', 1],
      ['ph_legacy_score', 1],
    ]);
    expect(
      inventory.schedules.map((s) => [s.id, s.reportName, s.recurrenceInWords, s.activeInPractice]),
    ).toEqual([
      [1, 'COI-Expired', 'weekly on Mon and Fri at 07:00', true],
      [2, null, 'daily at 07:00', false],
    ]);
    expect(inventory.schedules[1]?.problems.map((p) => p.message)).toEqual([
      'schedule 2 is for unknown report 555',
    ]);
    expect(inventory.asOf).toBe('2024-06-04 07:00:00');
    expect(inventory.summary).toMatchObject({
      reports: 4,
      schedules: 2,
      schedulesActiveInPractice: 1,
      errors: 0,
      warnings: 10,
    });
  });
});

describe('inventory of the bundled sample', async () => {
  const inventory = buildInventory(
    await readLegacyExport(path.join(projectRoot, 'examples', 'legacy-export')),
  );

  it('puts the reports the migration notes call dominant on top', () => {
    expect(inventory.reports.slice(0, 4).map((r) => r.id)).toEqual([1, 55, 135, 127]);
    expect(inventory.reports[0]).toMatchObject({
      id: 1,
      name: 'Account Master',
      category: 'Accounts',
      customerId: 0,
      runs: 35,
      fieldCount: 17,
    });
  });

  it('JSON keeps the agreed keys', () => {
    const json: unknown = JSON.parse(renderInventoryJson(inventory));
    expect(json).toMatchObject({
      reports: expect.arrayContaining([
        expect.objectContaining({
          id: 1,
          name: 'Account Master',
          category: 'Accounts',
          customerId: 0,
          runs: 35,
          fieldCount: 17,
        }),
      ]),
      fields: expect.arrayContaining([
        expect.objectContaining({
          name: 'ph_name',
          label: 'Account Name',
          usedBy: expect.any(Number),
        }),
      ]),
      schedules: expect.arrayContaining([
        expect.objectContaining({
          id: 1,
          reportId: 277,
          recipients: ['risk@atlas.example.com', 'finance@atlas.example.com'],
          activeInPractice: false,
          problems: [],
        }),
      ]),
      problems: expect.arrayContaining([
        expect.objectContaining({
          file: 'report_master_schedule.csv',
          line: 32,
          message: expect.any(String),
        }),
      ]),
    });
  });

  it('renders the same text twice (deterministic)', () => {
    expect(renderInventoryMarkdown(inventory)).toBe(renderInventoryMarkdown(inventory));
    expect(renderInventoryJson(inventory)).toBe(renderInventoryJson(inventory));
  });

  it('Markdown starts with a summary and has one table per question', () => {
    const md = renderInventoryMarkdown(inventory);
    expect(md).toMatch(/^# DTX 1\.0 reporting inventory\n/);
    expect(md).toContain('| reports | 102 | 98 active; 31 system, 71 custom; 20 ever run |');
    for (const heading of [
      '## Summary',
      '## Reports ranked by use',
      '## Fields (the dictionary without its SQL)',
      '## Schedules',
      '## Data-quality problems',
    ]) {
      expect(md).toContain(heading);
    }
    expect(md).toContain(
      '| 1 | 1 | Account Master | ACCT-Master | Accounts | system | 0 | yes | 35 |',
    );
    expect(md).toContain(
      '| report_master_schedule.csv:32 | email | warning | duplicate address pm@atlas.example.com listed once |',
    );
  });

  it('CSV is the ranked report table, readable by a CSV parser', () => {
    const rows: string[][] = parse(renderInventoryCsv(inventory));
    expect(rows[0]).toEqual([...inventoryCsvColumns]);
    expect(rows[1]).toEqual([
      '1',
      '1',
      'Account Master',
      'ACCT-Master',
      'Accounts',
      'system',
      '0',
      'true',
      '35',
      '2025-06-29 08:04:18',
      '17',
      '8',
    ]);
    expect(rows).toHaveLength(inventory.reports.length + 1);
  });
});

describe('Markdown cells', () => {
  it('escape pipes and line breaks', async () => {
    const inventory = buildInventory(await readLegacyExport(legacyFixture('twin-rfc')));
    const md = renderInventoryMarkdown(inventory);
    expect(md).toContain('| Two lines, "quoted" |');
  });
});
