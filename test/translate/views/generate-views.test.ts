import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateProject } from '../../../src/translate/generate-output.ts';
import { generateViews } from '../../../src/translate/views/generate-views.ts';
import { shippedBaseTemplate, shippedCatalog } from '../../apply/postgres/views-support.ts';
import { projectRoot } from '../../support/shared.ts';
import { craftedExport } from './crafted-export.ts';
import { columns, field, legacyExport, report } from './legacy-builders.ts';

const goldenDir = path.join(projectRoot, 'test', 'golden', 'views');
const generate = (legacy = craftedExport, targetSchema = 'reporting') =>
  generateViews({
    legacy,
    catalog: shippedCatalog(),
    baseTemplate: shippedBaseTemplate(),
    sourceSchema: 'public',
    targetSchema,
  });

describe('generateViews', () => {
  it('matches the golden files (UPDATE_GOLDEN=1 rewrites them after a reviewed change)', () => {
    const { output } = generateProject({
      legacy: craftedExport,
      catalog: shippedCatalog(),
      baseTemplate: shippedBaseTemplate(),
      sourceSchema: 'public',
      targetSchema: 'reporting',
    });
    const files = output.files.filter((f) => f.path.startsWith('views/reports/') || f.path === 'manifest.json');
    if (process.env['UPDATE_GOLDEN']) {
      mkdirSync(goldenDir, { recursive: true });
      for (const file of files) writeFileSync(path.join(goldenDir, path.basename(file.path)), file.content);
    }
    expect(readdirSync(goldenDir).sort()).toEqual(files.map((f) => path.basename(f.path)).sort());
    for (const file of files) {
      expect(file.content, file.path).toBe(readFileSync(path.join(goldenDir, path.basename(file.path)), 'utf8'));
    }
  });

  it('is deterministic and independent of input order', () => {
    const reversed = legacyExport({
      reports: [...craftedExport.reports].reverse(),
      fields: [...craftedExport.fields].reverse(),
      definitions: [...craftedExport.definitions].reverse(),
    });
    expect(generate(reversed).files).toEqual(generate().files);
  });

  it('skips inactive reports and reports without a usable field, with the reason', () => {
    const legacy = legacyExport({
      fields: [field({ id: 1, name: 'ph_name' }), field({ id: 2, name: 'ph_region' })],
      reports: [report({ id: 7, active: false }), report({ id: 8 }), report({ id: 9 })],
      definitions: [...columns(7, [1]), ...columns(9, [2])],
    });
    expect(generate(legacy).reports).toEqual([
      { legacyId: 7, name: 'Report 7', status: 'skipped', reason: 'inactive', omitted: [] },
      { legacyId: 8, name: 'Report 8', status: 'skipped', reason: 'no_fields', omitted: [] },
      {
        legacyId: 9,
        name: 'Report 9',
        status: 'skipped',
        reason: 'no_mappable_fields',
        omitted: [{ field: 'ph_region', reason: 'unmapped' }],
      },
    ]);
    expect(generate(legacy).fields).toEqual([
      { name: 'ph_name', legacyIds: [1], status: 'mapped', usedBy: [] },
      { name: 'ph_region', legacyIds: [2], status: 'unmapped', usedBy: [9] },
    ]);
  });

  it('leaves out a day-count field when the report has no num_days, and notes an unused num_days', () => {
    const legacy = legacyExport({
      fields: [field({ id: 1, name: 'ph_name' }), field({ id: 2, name: 'coi_expiring_soon' })],
      reports: [report({ id: 1, numDays: null }), report({ id: 2, numDays: 60, internalName: 'DOC-Expiring' })],
      definitions: [...columns(1, [1, 2]), ...columns(2, [1])],
    });
    const [first, second] = generate(legacy).reports;
    expect(first?.omitted).toEqual([{ field: 'coi_expiring_soon', reason: 'no_num_days' }]);
    expect(second?.status === 'migrated' && second.notes).toEqual([
      "num_days 60 is not read by any of the report's fields (in DTX 1.0 it had no effect either).",
    ]);
    expect(second?.status === 'migrated' && second.filters.dayCount).toBe(null);
  });

  it('writes the configured schemas into every file', () => {
    const generation = generateViews({
      legacy: craftedExport,
      catalog: shippedCatalog(),
      baseTemplate: shippedBaseTemplate(),
      sourceSchema: 'dtx',
      targetSchema: 'bi',
    });
    expect(generation.baseView.sql).toContain('CREATE OR REPLACE VIEW bi.base_record AS');
    expect(generation.baseView.sql).toContain('FROM dtx.docutrax_hierarchy_record AS r');
    expect(generation.baseView.sql).not.toContain('public.');
    expect(generation.reportViews[0]?.sql).toContain('FROM bi.base_record AS b');
    expect(generation.reportViews[0]?.view.schema).toBe('bi');
  });

  it('never pastes a legacy select_expression into SQL', () => {
    const legacy = legacyExport({
      fields: [field({ id: 1, name: 'ph_name', selectExpression: 'DROP_TABLE_MARKER(rd.PH_Name)' })],
      reports: [report({ id: 1 })],
      definitions: columns(1, [1]),
    });
    expect(generate(legacy).files.some((f) => f.content.includes('DROP_TABLE_MARKER'))).toBe(false);
  });
});

describe('golden folder', () => {
  it('exists', () => expect(existsSync(goldenDir)).toBe(true));
});
