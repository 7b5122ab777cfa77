import type { CatalogField, FieldCatalog } from '../../catalog/field-catalog.ts';
import { fieldStatus } from '../../catalog/field-status.ts';
import type { FieldDefinition, Report, ReportDefinition } from '../../legacy/types.ts';
import type { OmittedField } from '../../desired/report-view.ts';

/** One column a report keeps: its legacy field definition and the catalog entry it maps to. */
export interface ReportField {
  readonly definition: FieldDefinition;
  readonly field: CatalogField;
}

export interface ResolvedReportFields {
  readonly fields: readonly ReportField[];
  readonly omitted: readonly OmittedField[];
}

/** Legacy definitions indexed once for all reports. */
export interface LegacyFieldIndex {
  readonly fieldsById: ReadonlyMap<number, FieldDefinition>;
  readonly definitionsByReport: ReadonlyMap<number, readonly ReportDefinition[]>;
}

export function indexLegacyFields(
  fields: readonly FieldDefinition[],
  definitions: readonly ReportDefinition[],
): LegacyFieldIndex {
  const fieldsById = new Map(fields.map((f) => [f.id, f]));
  const definitionsByReport = new Map<number, ReportDefinition[]>();
  for (const definition of definitions) {
    const list = definitionsByReport.get(definition.reportId) ?? [];
    list.push(definition);
    definitionsByReport.set(definition.reportId, list);
  }
  for (const list of definitionsByReport.values()) {
    // Legacy column order: sort_order, ties broken by the definition id.
    list.sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
  }
  return { fieldsById, definitionsByReport };
}

/**
 * The report's columns in legacy order, and every definition that does not become a column with
 * the reason: an id with no field definition, a retired field, a field the catalog does not define,
 * a field that repeats an earlier column, or a day-count field on a report without num_days.
 */
export function resolveReportFields(
  report: Report,
  index: LegacyFieldIndex,
  catalog: FieldCatalog,
): ResolvedReportFields {
  const fields: ReportField[] = [];
  const omitted: OmittedField[] = [];
  const seen = new Set<string>();
  const omit = (field: string, reason: string) => {
    if (!omitted.some((o) => o.field === field && o.reason === reason)) omitted.push({ field, reason });
  };
  for (const definition of index.definitionsByReport.get(report.id) ?? []) {
    const legacy = index.fieldsById.get(definition.fieldId);
    if (!legacy) {
      omit(`#${definition.fieldId}`, 'unknown_field_id');
      continue;
    }
    const status = fieldStatus(legacy, catalog);
    if (status.status !== 'mapped') {
      omit(legacy.name, status.status);
    } else if (seen.has(legacy.name)) {
      omit(legacy.name, 'duplicate');
    } else if (status.field.usesNumDays && report.numDays === null) {
      // DTX 1.0 substituted NULL for the day count: the column said "No" for every row. We do not
      // invent a day count; the migration record says why the column is gone.
      omit(legacy.name, 'no_num_days');
    } else {
      seen.add(legacy.name);
      fields.push({ definition: legacy, field: status.field });
    }
  }
  return { fields, omitted };
}
