/**
 * The contract between the views layer (one Postgres view per legacy report) and everything
 * built on top of it (Metabase questions, dashboards, subscriptions, manifest).
 */

/** Display formats after normalising the legacy `display_format` (PHP date patterns → date/datetime). */
export type DisplayFormat =
  'text' | 'int' | 'money' | 'percent' | 'date' | 'datetime' | 'yes_no' | 'email' | 'phone';

export interface ReportViewColumn {
  /** Column name in the view: the legacy label, made unique within the view deterministically. */
  readonly name: string;
  /** Legacy field name (the catalog key), e.g. `ph_name`. */
  readonly field: string;
  /** The legacy label as users knew it. */
  readonly label: string;
  readonly description: string | null;
  /** Postgres type of the column, e.g. `text`, `bigint`, `numeric`, `date`, `timestamptz`, `boolean`. */
  readonly pgType: string;
  readonly displayFormat: DisplayFormat;
  /** Metabase semantic type, e.g. `type/Email`, `type/Currency`, `type/Name`; null when none fits. */
  readonly semanticType: string | null;
}

/**
 * Columns that exist in every report view after the report's own columns, so questions can
 * filter. Names are view column names; null where the report has no such column.
 */
/**
 * The legacy report's `num_days`, by one name everywhere: catalog expressions read it, the view
 * exposes it as the day-count column, the question takes it as a template tag (and dashboards as
 * a parameter slug).
 */
export const dayCountName = 'num_days';

export interface ReportFilterColumns {
  readonly serviceOrgId: string;
  /** DTX 1.0 customer id of the service org: delivery dashboards restrict on it (known at generate time). */
  readonly serviceOrgLegacyId: string;
  readonly serviceOrgName: string;
  /**
   * Null in an aggregate view whose rows span clients (grouped by service-org fields only, e.g.
   * account manager): a client filter cannot apply there without changing what a row means.
   */
  readonly clientId: string | null;
  readonly clientName: string | null;
  /** The report's date column, for a date-range parameter. */
  readonly date: string | null;
  /** For reports with `num_days`: the day-count column the question filters on (default = numDays). */
  readonly dayCount: string | null;
}

export interface OmittedField {
  readonly field: string;
  /** `unmapped` | `retired` | `unknown_field_id` | `duplicate` … */
  readonly reason: string;
}

export interface ReportView {
  readonly legacyId: number;
  readonly schema: string;
  /** Readable, unique, stable view name, e.g. `coi_not_in_compliance`. */
  readonly name: string;
  /** The report's own columns in legacy order (report_definition sort_order, ties by id). */
  readonly columns: readonly ReportViewColumn[];
  readonly filters: ReportFilterColumns;
  readonly numDays: number | null;
  readonly aggregate: boolean;
  readonly omitted: readonly OmittedField[];
}
