import type { Dialect, Problem, Recurrence } from '../legacy/types.ts';

/**
 * The inventory is plain data (the migration notes' three preparatory actions plus every
 * data-quality problem). Renderers turn it into Markdown, JSON or CSV; nothing here prints.
 */
export interface Inventory {
  readonly dialect: Dialect;
  /** The newest schedule-log entry: the "now" of the export (never the wall clock). */
  readonly asOf: string | null;
  readonly summary: InventorySummary;
  /** Ranked by use: runs in report_master_log descending, ties by id. */
  readonly reports: readonly InventoryReport[];
  /** Most used first (reports using the field, descending), ties by name then id. */
  readonly fields: readonly InventoryField[];
  /** By id. */
  readonly schedules: readonly InventorySchedule[];
  /** File order, then line. */
  readonly problems: readonly Problem[];
}

export interface InventorySummary {
  readonly reports: number;
  readonly activeReports: number;
  readonly systemReports: number;
  readonly customReports: number;
  readonly reportsEverRun: number;
  readonly runs: number;
  readonly fields: number;
  readonly activeFields: number;
  readonly fieldsInUse: number;
  readonly schedules: number;
  readonly activeSchedules: number;
  readonly schedulesActiveInPractice: number;
  readonly errors: number;
  readonly warnings: number;
}

export interface InventoryReport {
  readonly rank: number;
  readonly id: number;
  readonly name: string;
  readonly internalName: string | null;
  /** Category name; null when the category id is unknown. */
  readonly category: string | null;
  readonly categoryId: number;
  readonly kind: 'system' | 'custom';
  /** 0 for system reports. */
  readonly customerId: number;
  readonly active: boolean;
  readonly runs: number;
  readonly lastRun: string | null;
  /** Distinct fields from the dictionary the report shows (repeats and unknown ids not counted). */
  readonly fieldCount: number;
  readonly scheduleCount: number;
}

export interface InventoryField {
  readonly id: number;
  readonly name: string;
  readonly label: string;
  readonly category: string;
  readonly displayFormat: string | null;
  readonly filterType: string | null;
  readonly aggregate: boolean;
  readonly active: boolean;
  /** How many reports show this field. */
  readonly usedBy: number;
}

export interface InventorySchedule {
  readonly id: number;
  readonly reportId: number;
  readonly reportName: string | null;
  readonly customerId: number;
  readonly subject: string | null;
  readonly recurrence: Recurrence | null;
  /** "weekly on Mon and Fri at 07:00". */
  readonly recurrenceInWords: string;
  readonly recipients: readonly string[];
  readonly excluded: readonly string[];
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly active: boolean;
  readonly ended: boolean;
  readonly lastSuccessfulSend: string | null;
  readonly activeInPractice: boolean;
  /** Why the schedule is or is not active in practice, in words. */
  readonly activity: string;
  readonly problems: readonly Problem[];
}
