/**
 * The DTX 1.0 reporting export as typed, immutable records (see ../shared/legacy/FORMAT.md).
 * Readers produce these; everything downstream consumes only these, never raw CSV.
 * Timestamps stay as the legacy wall-clock text `YYYY-MM-DD HH:MM:SS` (no zone is known);
 * dates as `YYYY-MM-DD`; MySQL zero-dates become null.
 */

export type Dialect = 'rfc' | 'mysql';

export type LegacyTable =
  | 'report_category'
  | 'report'
  | 'report_field_definition'
  | 'report_definition'
  | 'report_master_schedule'
  | 'report_master_log'
  | 'report_master_schedule_log'
  | 'report_data';

/** A data-quality finding. `line` is the 1-based physical line in the file where the row starts. */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly column?: string;
  readonly message: string;
  /** `error`: the row was skipped. `warning`: the row was kept, a value was cleaned or dropped. */
  readonly severity: 'error' | 'warning';
}

export interface ReportCategory {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  /** Always set by readLegacyExport; optional so hand-built records in tests need not. */
  readonly line?: number;
}

export interface Report {
  readonly id: number;
  /** 0 = system report; otherwise the legacy customer (service org) id. */
  readonly customerId: number;
  readonly categoryId: number;
  readonly name: string;
  readonly internalName: string | null;
  readonly description: string | null;
  readonly csvFormat: boolean;
  readonly pdfFormat: boolean;
  readonly industrySector: string | null;
  readonly numDays: number | null;
  readonly sortOrder: number | null;
  readonly active: boolean;
  readonly createdBy: number | null;
  readonly createTime: string | null;
  readonly updateTime: string | null;
  readonly line: number;
}

export type FilterType = 'text' | 'select' | 'date_range' | 'number';

export interface FieldDefinition {
  readonly id: number;
  readonly category: string;
  readonly name: string;
  readonly label: string;
  readonly description: string | null;
  /** As exported (`text`, `money`, `m/d/Y`, unknown values kept verbatim). */
  readonly displayFormat: string | null;
  /** Kept for the archive only: never executed, never pasted into new SQL. */
  readonly selectExpression: string | null;
  readonly tableName: string | null;
  readonly tableJoin: string | null;
  readonly filterType: FilterType | null;
  readonly isAggregate: boolean;
  readonly active: boolean;
  readonly createTime: string | null;
  readonly updateTime: string | null;
  readonly line: number;
}

export interface ReportDefinition {
  readonly id: number;
  readonly reportId: number;
  readonly fieldId: number;
  readonly sortOrder: number;
  readonly line: number;
}

export type Recurrence = 'daily' | 'weekly' | 'monthly' | 'does_not_repeat';

export interface Schedule {
  readonly id: number;
  readonly reportId: number;
  readonly customerId: number;
  readonly userId: number | null;
  readonly subject: string | null;
  /** null = empty recurrence (manual trigger only). */
  readonly recurrence: Recurrence | null;
  readonly tod: number | null;
  readonly dowBitmap: number | null;
  readonly dom: number | null;
  /** Decoded, cleaned, deduplicated, lower-cased addresses, minus do_not_send_email. */
  readonly recipients: readonly string[];
  /** Decoded do_not_send_email addresses. */
  readonly excluded: readonly string[];
  /** The PHP-serialized text as exported (archive keeps it beside the decoded list). */
  readonly rawEmail: string | null;
  readonly rawDoNotSendEmail: string | null;
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly active: boolean;
  readonly createTime: string | null;
  readonly updateTime: string | null;
  /** Problems specific to this schedule (junk addresses, corrupt PHP value...). */
  readonly problems: readonly Problem[];
  readonly line: number;
}

export interface ReportRun {
  readonly id: number;
  readonly reportId: number;
  readonly customerId: number | null;
  readonly userId: number | null;
  readonly ipAddress: string | null;
  readonly scheduled: boolean;
  readonly createTime: string | null;
  readonly rowCount: number | null;
  readonly line: number;
}

export interface ScheduleLogEntry {
  readonly id: number;
  readonly scheduleId: number;
  readonly createTime: string | null;
  readonly sent: boolean;
  readonly sentTime: string | null;
  readonly line: number;
}

/** How a report_data column is typed in the archive (inferred from its values, see snapshot-column-types.ts). */
export type SnapshotColumnType = 'boolean' | 'integer' | 'numeric' | 'date' | 'timestamp' | 'text';

/** report_data: not migrated, kept as typed-by-inference columns for the archive. */
export interface SnapshotTable {
  readonly columns: readonly string[];
  /** Raw text as exported (NULL already null); convert with `snapshotValue(columnTypes[i], raw)`. */
  readonly rows: readonly (readonly (string | null)[])[];
  /** One per column, inferred over all rows. */
  readonly columnTypes: readonly SnapshotColumnType[];
  /** The physical line where each row starts (same index as `rows`). */
  readonly lines: readonly number[];
}

export interface LegacyExport {
  readonly dir: string;
  /** The dialect of report.csv (detected or forced); `fileDialects` has every file's. */
  readonly dialect: Dialect;
  /** Always set by readLegacyExport; optional so hand-built exports in tests need not. */
  readonly fileDialects?: Readonly<Record<LegacyTable, Dialect>>;
  readonly categories: readonly ReportCategory[];
  readonly reports: readonly Report[];
  readonly fields: readonly FieldDefinition[];
  readonly definitions: readonly ReportDefinition[];
  readonly schedules: readonly Schedule[];
  readonly runs: readonly ReportRun[];
  readonly scheduleLog: readonly ScheduleLogEntry[];
  readonly snapshot: SnapshotTable;
  /** Every data-quality problem found, in file then line order. */
  readonly problems: readonly Problem[];
}
