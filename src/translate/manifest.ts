import type { OutputFile } from '../desired/output-file.ts';
import type { FieldOutcome, ReportOutcome } from './views/generate-views.ts';

/**
 * manifest.json: the machine-readable migration record. `reports` and `fields` come from the
 * views; later stages add their own sections (e.g. `schedules`) through `extra`, in the order given.
 */
export interface ManifestInput {
  readonly sourceSchema: string;
  readonly targetSchema: string;
  readonly reports: readonly ReportOutcome[];
  readonly fields: readonly FieldOutcome[];
  readonly extra?: Readonly<Record<string, unknown>>;
}

export const manifestPath = 'manifest.json';

export function manifestFile(input: ManifestInput): OutputFile {
  const migrated = input.reports.filter((r) => r.status === 'migrated').length;
  const manifest = {
    generatedBy: 'dtx-reports generate',
    schemas: { source: input.sourceSchema, target: input.targetSchema },
    totals: {
      reports: input.reports.length,
      migrated,
      skipped: input.reports.length - migrated,
      fieldsUnmapped: input.fields.filter((f) => f.status === 'unmapped').length,
      fieldsRetired: input.fields.filter((f) => f.status === 'retired').length,
    },
    reports: input.reports,
    fields: input.fields,
    ...input.extra,
  };
  return { path: manifestPath, content: `${JSON.stringify(manifest, null, 2)}\n` };
}
