import type { FieldCatalog } from '../../catalog/field-catalog.ts';
import { fieldStatus } from '../../catalog/field-status.ts';
import type { LegacyExport, Report } from '../../legacy/types.ts';
import type { OutputFile } from '../../desired/output-file.ts';
import type { OmittedField, ReportView } from '../../desired/report-view.ts';
import { renderBaseView, type BaseTemplate, type BaseView, type SchemaOptions } from './base-layer.ts';
import { buildReportView } from './build-report-view.ts';
import { indexLegacyFields, resolveReportFields } from './report-fields.ts';
import { renderReportViewSql } from './report-view-sql.ts';
import { assignViewNames } from './view-names.ts';

export interface ViewGenerationInput extends SchemaOptions {
  readonly legacy: LegacyExport;
  readonly catalog: FieldCatalog;
  readonly baseTemplate: BaseTemplate;
}

/** One migrated report: the contract value for the Metabase layer, its legacy record and its file. */
export interface GeneratedReportView {
  readonly view: ReportView;
  readonly report: Report;
  readonly file: string;
  readonly sql: string;
}

/** manifest.json `reports[]`: what became of every legacy report. */
export type ReportOutcome =
  | {
      readonly legacyId: number;
      readonly name: string;
      readonly status: 'migrated';
      readonly view: string;
      readonly file: string;
      readonly aggregate: boolean;
      readonly numDays: number | null;
      readonly columns: readonly { readonly label: string; readonly field: string; readonly column: string }[];
      readonly filters: ReportView['filters'];
      readonly omitted: readonly OmittedField[];
      readonly notes: readonly string[];
    }
  | {
      readonly legacyId: number;
      readonly name: string;
      readonly status: 'skipped';
      readonly reason: 'inactive' | 'no_fields' | 'no_mappable_fields';
      readonly omitted: readonly OmittedField[];
    };

/** manifest.json `fields[]`: every legacy field name and the active reports that use it. */
export interface FieldOutcome {
  readonly name: string;
  readonly legacyIds: readonly number[];
  readonly status: 'mapped' | 'unmapped' | 'retired';
  readonly usedBy: readonly number[];
}

export interface ViewGeneration {
  readonly baseView: BaseView;
  readonly reportViews: readonly GeneratedReportView[];
  readonly reports: readonly ReportOutcome[];
  readonly fields: readonly FieldOutcome[];
  /** views/base/*.sql and views/reports/*.sql */
  readonly files: readonly OutputFile[];
}

/**
 * From the legacy export and the field catalog to one view per migrated report, pure: the same
 * input always gives byte-identical files. Reports are processed in legacy id order.
 */
export function generateViews(input: ViewGenerationInput): ViewGeneration {
  const { legacy, catalog } = input;
  const baseView = renderBaseView(input.baseTemplate, input);
  const index = indexLegacyFields(legacy.fields, legacy.definitions);
  const reports = [...legacy.reports].sort((a, b) => a.id - b.id);

  const resolved = new Map(reports.map((r) => [r.id, resolveReportFields(r, index, catalog)]));
  const migrating = reports.filter((r) => r.active && (resolved.get(r.id)?.fields.length ?? 0) > 0);
  const viewNames = assignViewNames(migrating);

  const reportViews: GeneratedReportView[] = [];
  const outcomes: ReportOutcome[] = [];
  for (const report of reports) {
    const { fields, omitted } = resolved.get(report.id) ?? { fields: [], omitted: [] };
    const name = viewNames.get(report.id);
    if (!report.active || name === undefined) {
      const reason = !report.active ? 'inactive' : omitted.length === 0 ? 'no_fields' : 'no_mappable_fields';
      outcomes.push({ legacyId: report.id, name: report.name, status: 'skipped', reason, omitted });
      continue;
    }
    const model = buildReportView({
      report,
      fields,
      omitted,
      schema: input.targetSchema,
      name,
      baseView: baseView.qualified,
    });
    const file = `views/reports/${name}.sql`;
    const sql = renderReportViewSql(model);
    reportViews.push({ view: model.view, report, file, sql });
    outcomes.push({
      legacyId: report.id,
      name: report.name,
      status: 'migrated',
      view: `${input.targetSchema}.${name}`,
      file,
      aggregate: model.view.aggregate,
      numDays: report.numDays,
      columns: model.view.columns.map((c) => ({ label: c.label, field: c.field, column: c.name })),
      filters: model.view.filters,
      omitted,
      notes: reportNotes(report, model.view),
    });
  }

  return {
    baseView,
    reportViews,
    reports: outcomes,
    fields: fieldOutcomes(legacy, catalog, index.definitionsByReport),
    files: [
      { path: baseView.file, content: baseView.sql },
      ...reportViews.map((v) => ({ path: v.file, content: v.sql })),
    ],
  };
}

function reportNotes(report: Report, view: ReportView): string[] {
  const notes: string[] = [];
  if (report.numDays !== null && view.filters.dayCount === null) {
    notes.push(
      `num_days ${report.numDays} is not read by any of the report's fields (in DTX 1.0 it had no effect either).`,
    );
  }
  if (view.aggregate && view.filters.clientId === null) {
    notes.push('Rows are per service org, not per client: the view has no client filter columns.');
  }
  return notes;
}

function fieldOutcomes(
  legacy: LegacyExport,
  catalog: FieldCatalog,
  definitionsByReport: ReadonlyMap<number, readonly { readonly fieldId: number }[]>,
): FieldOutcome[] {
  const activeReports = legacy.reports.filter((r) => r.active).map((r) => r.id);
  const byName = new Map<string, { ids: number[]; status: FieldOutcome['status']; usedBy: Set<number> }>();
  for (const definition of legacy.fields) {
    const entry = byName.get(definition.name) ?? {
      ids: [],
      status: fieldStatus(definition, catalog).status,
      usedBy: new Set<number>(),
    };
    entry.ids.push(definition.id);
    // A name defined twice is mapped if any active definition maps it.
    if (entry.status !== 'mapped') entry.status = fieldStatus(definition, catalog).status;
    for (const reportId of activeReports) {
      if (definitionsByReport.get(reportId)?.some((d) => d.fieldId === definition.id)) entry.usedBy.add(reportId);
    }
    byName.set(definition.name, entry);
  }
  return [...byName.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, e]) => ({
      name,
      legacyIds: [...e.ids].sort((a, b) => a - b),
      status: e.status,
      usedBy: [...e.usedBy].sort((a, b) => a - b),
    }));
}
