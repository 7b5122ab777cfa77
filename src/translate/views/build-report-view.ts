import type { Report } from '../../legacy/types.ts';
import type { OmittedField, ReportView, ReportViewColumn } from '../../desired/report-view.ts';
import { uniqueColumnNames } from './column-names.ts';
import { fieldSql, filterColumnNames, filterColumnsFor, reservedColumnNames, type FilterColumn } from './report-filters.ts';
import type { ReportField } from './report-fields.ts';

/** A report view with what its SQL needs beyond the ReportView contract. */
export interface ReportViewModel {
  readonly view: ReportView;
  readonly report: Report;
  /** `schema.name` of the view it selects from. */
  readonly baseView: string;
  /** Select list in order: the report's columns, then the filter columns. */
  readonly selects: readonly ViewSelect[];
  /** For aggregate reports: the SQL of every non-aggregate select, in select order. */
  readonly groupBy: readonly string[] | null;
  /** The view spans the day counts 0..366 (column num_days). */
  readonly dayCountSeries: boolean;
}

export interface ViewSelect {
  readonly name: string;
  readonly sql: string;
  readonly comment: string;
  readonly aggregate: boolean;
}

export function buildReportView(input: {
  readonly report: Report;
  readonly fields: readonly ReportField[];
  readonly omitted: readonly OmittedField[];
  readonly schema: string;
  readonly name: string;
  readonly baseView: string;
}): ReportViewModel {
  const { report, fields } = input;
  const aggregate = fields.some((f) => f.field.kind === 'aggregate');
  const names = uniqueColumnNames(
    fields.map((f) => f.definition.label.trim() || f.definition.name),
    reservedColumnNames,
  );
  const columns: ReportViewColumn[] = fields.map((f, i) => ({
    name: names[i] ?? f.definition.name,
    field: f.definition.name,
    label: f.definition.label,
    description: f.definition.description,
    pgType: f.field.pgType,
    displayFormat: f.field.displayFormat,
    semanticType: f.field.semanticType,
  }));
  const { columns: filterColumns, filters } = filterColumnsFor(fields, aggregate);

  const selects: ViewSelect[] = [
    ...fields.map((f, i) => ({
      name: columns[i]?.name ?? f.definition.name,
      sql: fieldSql(f.field.sql),
      comment: columnComment(f),
      aggregate: f.field.kind === 'aggregate',
    })),
    ...filterColumns.map((c: FilterColumn) => ({ ...c, aggregate: false })),
  ];
  const groupBy = aggregate ? unique(selects.filter((s) => !s.aggregate).map((s) => s.sql)) : null;

  return {
    view: {
      legacyId: report.id,
      schema: input.schema,
      name: input.name,
      columns,
      filters: {
        serviceOrgId: filterColumnNames.serviceOrgId,
        serviceOrgLegacyId: filterColumnNames.serviceOrgLegacyId,
        serviceOrgName: filterColumnNames.serviceOrgName,
        ...filters,
      },
      numDays: report.numDays,
      aggregate,
      omitted: input.omitted,
    },
    report,
    baseView: input.baseView,
    selects,
    groupBy,
    dayCountSeries: filters.dayCount !== null,
  };
}

function columnComment(f: ReportField): string {
  const d = f.definition;
  const description = d.description?.trim() ? `: ${d.description.trim()}` : '';
  return `Legacy field ${d.name} (id ${d.id}, label "${d.label}")${description}`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
