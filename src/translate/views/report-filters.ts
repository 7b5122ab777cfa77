import { dayCountName, type ReportFilterColumns } from '../../desired/report-view.ts';
import type { ReportField } from './report-fields.ts';

/**
 * The columns every report view carries after the report's own, so questions can filter. The
 * names are fixed (labels never take them), and the SQL reads base-layer columns.
 */
export const filterColumnNames = {
  serviceOrgId: 'service_org_id',
  serviceOrgLegacyId: 'service_org_legacy_id',
  serviceOrgName: 'service_org_name',
  clientId: 'client_id',
  clientName: 'client_name',
  date: 'report_date',
  dayCount: dayCountName,
} as const satisfies Record<keyof ReportFilterColumns, string>;

export const reservedColumnNames: ReadonlySet<string> = new Set(Object.values(filterColumnNames));

/** The largest day count a view offers: `num_days` runs over 0..366 (a year, leap years too). */
export const maxDayCount = 366;

export interface FilterColumn {
  readonly name: string;
  /** SQL over the base view (alias b) and the day-count series (alias n). */
  readonly sql: string;
  readonly comment: string;
}

/**
 * Which filter columns a report gets.
 * - Service org (id, legacy id, name): always. DTX 1.0 ran every report for one customer, so an
 *   aggregate report is also grouped by service org: the same rows the legacy report gave.
 * - Client (id, name): always for plain reports. For an aggregate report only when a plain field
 *   already splits rows by client (client or record grain); a report grouped by service-org fields
 *   alone (e.g. account manager) has rows that span clients, so a client filter cannot apply to it
 *   without changing what a row means: those views have no client columns.
 * - Date: the first column (legacy order) whose legacy filter was a date range, for the question's
 *   date-range parameter (the legacy `__BETWEEN_INCLUSION__`).
 * - Day count: when a column reads num_days; the view spans 0..366 and the question picks one.
 */
export function filterColumnsFor(
  fields: readonly ReportField[],
  aggregate: boolean,
): { readonly columns: readonly FilterColumn[]; readonly filters: FilterNames } {
  const columns: FilterColumn[] = [
    {
      name: filterColumnNames.serviceOrgId,
      sql: 'b.so_id',
      comment: 'Filter column: DTX 2.0 id of the service org (customer).',
    },
    {
      name: filterColumnNames.serviceOrgLegacyId,
      sql: 'b.so_legacy_id',
      comment: 'Filter column: DTX 1.0 customer id of the service org (legacy_customer_id).',
    },
    {
      name: filterColumnNames.serviceOrgName,
      sql: 'b.so_name',
      comment: 'Filter column: name of the service org (customer).',
    },
  ];
  const clientGrain = fields.some((f) => f.field.kind === 'plain' && f.field.grain !== 'service_org');
  const withClient = !aggregate || clientGrain;
  if (withClient) {
    columns.push(
      { name: filterColumnNames.clientId, sql: 'b.ch_id', comment: 'Filter column: DTX 2.0 id of the client account.' },
      { name: filterColumnNames.clientName, sql: 'b.ch_name', comment: 'Filter column: name of the client account.' },
    );
  }
  const dateField = fields.find(
    (f) =>
      f.field.kind === 'plain' &&
      f.definition.filterType === 'date_range' &&
      (f.field.pgType === 'date' || f.field.pgType === 'timestamptz'),
  );
  if (dateField) {
    columns.push({
      name: filterColumnNames.date,
      sql: fieldSql(dateField.field.sql),
      comment: `Filter column: ${dateField.definition.name} (${dateField.definition.label}), for the report's date range.`,
    });
  }
  const dayCount = fields.some((f) => f.field.usesNumDays);
  if (dayCount) {
    columns.push({
      name: filterColumnNames.dayCount,
      sql: 'n.num_days',
      comment: `Filter column: the day count N of the "within N days" columns (0 to ${maxDayCount}); filter on exactly one value.`,
    });
  }
  return {
    columns,
    filters: {
      clientId: withClient ? filterColumnNames.clientId : null,
      clientName: withClient ? filterColumnNames.clientName : null,
      date: dateField ? filterColumnNames.date : null,
      dayCount: dayCount ? filterColumnNames.dayCount : null,
    },
  };
}

export interface FilterNames {
  readonly clientId: string | null;
  readonly clientName: string | null;
  readonly date: string | null;
  readonly dayCount: string | null;
}

/** A catalog expression as view SQL: a bare base column is qualified, anything else kept. */
export function fieldSql(sql: string): string {
  if (sql === filterColumnNames.dayCount) return `n.${dayCountName}`;
  return /^[a-z_][a-z0-9_]*$/.test(sql) ? `b.${sql}` : sql;
}
