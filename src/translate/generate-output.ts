import type { LegacyExport, Problem } from '../legacy/types.ts';
import { manifestFile } from './manifest.ts';
import { manifestSchedules, metabaseStateFiles } from '../desired/metabase/files.ts';
import { buildMetabaseMigration, type MetabaseMigration } from './metabase/desired-state.ts';
import type { OutputSet } from '../desired/output-file.ts';
import { tableMetadataFile } from '../desired/table-metadata.ts';
import { tableMetadataFromViews } from './views/table-metadata-from-views.ts';
import {
  generateViews,
  type ViewGeneration,
  type ViewGenerationInput,
} from './views/generate-views.ts';

export interface GenerateOptions extends ViewGenerationInput {
  /** Reference date for "ended" schedules; default: the newest date the export itself records. */
  readonly asOf?: string;
  readonly legacyTimeZone?: string;
  readonly reportTimeZone?: string;
  readonly attachXlsx?: boolean;
  /**
   * Rows of the export the reader could not take, which the operator chose to go on without
   * (`--allow-problems`). Recorded in manifest.json; the key is absent on a clean export.
   */
  readonly rowsLeftOut?: readonly Problem[];
}

/**
 * Everything `generate` writes, computed purely from its inputs: views, Metabase questions,
 * dashboards and subscriptions, the view metadata Metabase shows, and manifest.json.
 */
export interface GeneratedProject {
  readonly views: ViewGeneration;
  readonly metabase: MetabaseMigration;
  readonly asOf: string;
  readonly output: OutputSet;
}

const source = 'the DTX 1.0 export and catalog/fields.yaml';

export function generateProject(input: GenerateOptions): GeneratedProject {
  const views = generateViews(input);
  const asOf = input.asOf ?? exportDate(input.legacy);
  const metabase = buildMetabaseMigration({
    legacy: input.legacy,
    views: views.reportViews.map((r) => r.view),
    options: {
      today: asOf,
      ...(input.legacyTimeZone ? { legacyTimeZone: input.legacyTimeZone } : {}),
      ...(input.reportTimeZone ? { reportTimeZone: input.reportTimeZone } : {}),
      ...(input.attachXlsx ? { attachXlsx: true } : {}),
    },
  });
  const reports = new Map(input.legacy.reports.map((r) => [r.id, r]));
  const manifest = manifestFile({
    sourceSchema: input.sourceSchema,
    targetSchema: input.targetSchema,
    reports: views.reports,
    fields: views.fields,
    extra: {
      asOf,
      ...(input.rowsLeftOut?.length ? { rowsLeftOut: input.rowsLeftOut } : {}),
      schedules: manifestSchedules(metabase.schedules),
    },
  });
  return {
    views,
    metabase,
    asOf,
    output: {
      files: [
        ...views.files,
        tableMetadataFile(
          tableMetadataFromViews(
            views.reportViews.map((r) => r.view),
            reports,
          ),
          source,
        ),
        ...metabaseStateFiles(metabase.state, source),
        manifest,
      ],
      ownedFolders: ['views', 'questions', 'dashboards'],
    },
  };
}

/**
 * The export's own "today": the newest timestamp among its logs and schedules. Using it instead
 * of the clock keeps `generate` byte-for-byte reproducible; `--as-of` overrides it.
 */
function exportDate(legacy: LegacyExport): string {
  const stamps = [
    ...legacy.scheduleLog.map((e) => e.createTime),
    ...legacy.runs.map((r) => r.createTime),
    ...legacy.schedules.map((s) => s.updateTime),
  ].filter((t): t is string => t !== null);
  const newest = stamps.reduce((max, t) => (t > max ? t : max), '1970-01-01');
  return newest.slice(0, 10);
}
