import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFieldCatalog } from '../../../src/catalog/parse-field-catalog.ts';
import { buildMetabaseMigration } from '../../../src/translate/metabase/desired-state.ts';
import { metabaseStateFiles } from '../../../src/desired/metabase/files.ts';
import { loadDesiredMetabaseState } from '../../../src/desired/metabase/load.ts';
import { generateViews } from '../../../src/translate/views/generate-views.ts';
import { readLegacyExport } from '../../../src/legacy/read-export.ts';
import { projectRoot } from '../../support/shared.ts';

/** The bundled sample through the real reader and views layer: the acceptance criteria. */
async function sampleMigration() {
  const at = (p: string) => path.join(projectRoot, p);
  const legacy = await readLegacyExport(at('examples/legacy-export'));
  const catalog = parseFieldCatalog(
    await readFile(at('catalog/fields.yaml'), 'utf8'),
    'catalog/fields.yaml',
  );
  const baseTemplate = {
    file: 'catalog/base_record.sql.hbs',
    text: await readFile(at('catalog/base_record.sql.hbs'), 'utf8'),
  };
  const views = generateViews({
    legacy,
    catalog,
    baseTemplate,
    sourceSchema: 'public',
    targetSchema: 'reporting',
  });
  return {
    legacy,
    views,
    migration: buildMetabaseMigration({
      legacy,
      views: views.reportViews.map((v) => v.view),
      options: { today: '2025-07-15' },
    }),
  };
}

describe('bundled sample export', () => {
  it('gives every migrated report a question whose SELECT follows the legacy column order', async () => {
    const { views, migration } = await sampleMigration();
    for (const { view } of views.reportViews) {
      const q = migration.state.questions.find((x) => x.key === `question:report:${view.legacyId}`);
      expect(q, `report ${view.legacyId}`).toBeDefined();
      const selectList = (q?.sql ?? '').split('\nFROM ')[0] ?? '';
      let at = 0;
      for (const column of view.columns) {
        if (/[{}[\]]|--|\/\*|\*\//.test(column.name)) continue; // written as U& escapes
        const found = selectList.indexOf(`"${column.name.replaceAll('"', '""')}"`, at);
        expect(found, `${view.legacyId}: ${column.name}`).toBeGreaterThanOrEqual(at);
        at = found;
      }
    }
  });

  it('ends every schedule as mapped, approximated or skipped, with a reason unless exact', async () => {
    const { legacy, migration } = await sampleMigration();
    expect(migration.schedules.map((s) => s.legacyId)).toEqual(
      legacy.schedules.map((s) => s.id).sort((a, b) => a - b),
    );
    for (const s of migration.schedules) {
      if (s.status !== 'mapped') expect(s.reason, `schedule ${s.legacyId}`).toMatch(/\S/);
      expect(s.pulses.length > 0, `schedule ${s.legacyId}`).toBe(s.status !== 'skipped');
    }
    expect(migration.schedules.find((s) => s.legacyId === 3)?.pulses).toEqual([
      {
        schedule_type: 'weekly',
        schedule_day: 'sat',
        schedule_hour: 6,
        schedule_frame: null,
        recipients: [{ email: 'pm@summit.example.com' }, { email: 'admin@summit.example.com' }],
      },
    ]);
  });

  it('round-trips through the files', async () => {
    const { migration } = await sampleMigration();
    const files = metabaseStateFiles(migration.state, 'examples/legacy-export');
    expect(loadDesiredMetabaseState(files)).toStrictEqual(migration.state);
    // The whole sample (about 370 YAML files since every customer has its collection) through the
    // YAML parser: a few seconds on a shared 2-core machine, over vitest's 5 s default.
  }, 30_000);
});
