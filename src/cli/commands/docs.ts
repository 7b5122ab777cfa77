import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readGeneratedFiles } from '../../observe/files/read-generated-files.ts';
import { writeDocsSite } from '../../apply/files/write-docs-site.ts';
import { parseFieldCatalog } from '../../catalog/parse-field-catalog.ts';
import { buildDocsModel } from '../../docs/docs-model.ts';
import { renderDocsSite } from '../../docs/render-docs-site.ts';
import { InputError, RemoteError } from '../../errors.ts';
import { buildInventory } from '../../inventory/build-inventory.ts';
import { readLegacyExport } from '../../legacy/read-export.ts';
import { readManifest } from '../../observe/files/read-manifest.ts';
import { readBaseRecordsForReconcile } from '../../observe/postgres/base-records-for-reconcile.ts';
import { phIdOf, reconcileSnapshot } from '../../reconcile/reconcile-snapshot.ts';
import { baseFieldsToRead } from '../../reconcile/snapshot-columns.ts';
import type { ReconcileReport } from '../../reconcile/types.ts';
import { describeDatabase } from '../database-url.ts';
import { ExitCode } from '../exit-codes.ts';
import type { RegisterCommand } from './command.ts';
import { dialectFrom, dialectOption, legacyDir, legacyOption } from './legacy-options.ts';

interface DocsFlags {
  readonly out: string;
  readonly legacy?: string;
  readonly dialect?: string;
  readonly from?: string;
  readonly databaseUrl?: string;
  readonly metabaseUrl?: string;
}

const catalogFile = 'catalog/fields.yaml';

export const registerDocs: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('docs')
    .summary('write a static site documenting the migration (opens from disk, no server)')
    .description(
      'Build a static HTML site from the generated files (views/, questions/, dashboards/), ' +
        'manifest.json and the inventory of the DTX 1.0 export: the migration at a glance with ' +
        'charts, one page per report, dashboard (its grid to scale) and field, lineage, search, ' +
        'and what was skipped and why. With DATABASE_URL (or --database-url) it includes ' +
        "reconcile's agreement; with METABASE_URL (or --metabase-url) it links to Metabase. " +
        'Recipient addresses are never written, only their count and domains. Same inputs, same bytes.',
    )
    .requiredOption('--out <dir>', 'folder to write the site into (created if missing)')
    .addOption(legacyOption)
    .addOption(dialectOption)
    .option(
      '--from <dir>',
      'folder holding the generated files and manifest.json (default: the project)',
    )
    .option('--database-url <url>', 'PostgreSQL URL for reconcile (overrides DATABASE_URL)')
    .option('--metabase-url <url>', 'Metabase address for links (overrides METABASE_URL)')
    .action(async (flags: DocsFlags) => {
      const fromDir = flags.from === undefined ? io.projectRoot : path.resolve(io.cwd, flags.from);
      const outDir = path.resolve(io.cwd, flags.out);
      const manifest = await readManifest(fromDir);
      const generated = await readGeneratedFiles(fromDir, { metabase: true });
      if (generated.metabase === null) throw new InputError('no questions/ or dashboards/ found');
      const legacy = await readLegacyExport(
        legacyDir(io, flags.legacy),
        dialectFrom(flags.dialect),
      );
      const catalogText = await readFile(path.join(io.projectRoot, catalogFile), 'utf8').catch(
        () => null,
      );
      const catalog = catalogText === null ? null : parseFieldCatalog(catalogText, catalogFile);
      const metabaseUrl = flags.metabaseUrl ?? io.env['METABASE_URL'] ?? null;
      const databaseUrl = flags.databaseUrl ?? io.env['DATABASE_URL'] ?? null;

      let reconcile: ReconcileReport | null = null;
      if (databaseUrl !== null && databaseUrl !== '') {
        const phAt = legacy.snapshot.columns.indexOf('PH_ID');
        const phIds = [
          ...new Set(
            legacy.snapshot.rows.flatMap((row) => {
              const id = phIdOf(phAt < 0 ? null : row[phAt]);
              return id === null ? [] : [id];
            }),
          ),
        ].sort((a, b) => a - b);
        try {
          const observed = await readBaseRecordsForReconcile({
            databaseUrl,
            sourceSchema: manifest.schemas.source,
            targetSchema: manifest.schemas.target,
            phIds,
            fields: baseFieldsToRead,
          });
          reconcile = reconcileSnapshot({
            snapshot: legacy.snapshot,
            records: observed.records,
            availableFields: observed.availableFields,
            today: observed.today,
          });
          io.err(`docs: reconcile against ${describeDatabase(databaseUrl)} included\n`);
        } catch (error) {
          if (!(error instanceof InputError || error instanceof RemoteError)) throw error;
          io.err(`docs: warning: reconcile left out (${error.message})\n`);
        }
      }

      const viewSql = new Map(
        generated.views.views.map((view) => [`${view.schema}.${view.name}`, view.sql]),
      );
      const model = buildDocsModel({
        manifest,
        viewSql,
        metabase: generated.metabase.state,
        inventory: buildInventory(legacy),
        legacyFields: legacy.fields,
        catalog,
        reconcile,
        metabaseUrl,
      });
      const written = await writeDocsSite(outDir, renderDocsSite(model));
      io.err(
        `docs: wrote ${written} files to ${outDir}: ${model.reports.length} reports, ` +
          `${model.dashboards.length} dashboards, ${model.fields.length} fields; open ${path.join(outDir, 'index.html')}\n`,
      );
      setExitCode(ExitCode.ok);
    });
};
