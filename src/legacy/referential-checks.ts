import type {
  FieldDefinition,
  Problem,
  Report,
  ReportCategory,
  ReportDefinition,
  ReportRun,
  Schedule,
  ScheduleLogEntry,
} from './types.ts';

export interface RelatedRecords {
  readonly categories: readonly ReportCategory[];
  readonly reports: readonly Report[];
  readonly fields: readonly FieldDefinition[];
  readonly definitions: readonly ReportDefinition[];
  readonly schedules: readonly Schedule[];
  readonly runs: readonly ReportRun[];
  readonly scheduleLog: readonly ScheduleLogEntry[];
}

/**
 * Facts across tables worth a person's attention. All are warnings: the rows stay (the archive
 * keeps them verbatim, the inventory shows them), and later steps decide what to do with them.
 */
export function referentialProblems(records: RelatedRecords): Problem[] {
  const problems: Problem[] = [];
  const warn = (file: string, line: number, column: string, message: string) =>
    problems.push({ file, line, column, message, severity: 'warning' });

  const categoryIds = new Set(records.categories.map((c) => c.id));
  const reportsById = new Map(records.reports.map((r) => [r.id, r]));
  const fieldsById = new Map(records.fields.map((f) => [f.id, f]));
  const scheduleIds = new Set(records.schedules.map((s) => s.id));

  for (const report of records.reports) {
    if (!categoryIds.has(report.categoryId)) {
      warn(
        'report.csv',
        report.line,
        'report_category_id',
        `report ${report.id} is in unknown category ${report.categoryId}`,
      );
    }
  }

  const fieldsSeenPerReport = new Map<number, Set<number>>();
  for (const definition of records.definitions) {
    const file = 'report_definition.csv';
    if (!reportsById.has(definition.reportId)) {
      warn(
        file,
        definition.line,
        'report_id',
        `definition ${definition.id} belongs to unknown report ${definition.reportId}`,
      );
    }
    const field = fieldsById.get(definition.fieldId);
    if (field === undefined) {
      warn(
        file,
        definition.line,
        'report_field_id',
        `report ${definition.reportId} uses field id ${definition.fieldId}, which is not in report_field_definition.csv`,
      );
    } else if (!field.active) {
      warn(
        file,
        definition.line,
        'report_field_id',
        `report ${definition.reportId} uses retired (inactive) field ${field.name}`,
      );
    }
    const seen = fieldsSeenPerReport.get(definition.reportId) ?? new Set<number>();
    if (seen.has(definition.fieldId)) {
      warn(
        file,
        definition.line,
        'report_field_id',
        `report ${definition.reportId} lists field id ${definition.fieldId} more than once`,
      );
    }
    seen.add(definition.fieldId);
    fieldsSeenPerReport.set(definition.reportId, seen);
  }

  for (const report of records.reports) {
    if (report.active && !fieldsSeenPerReport.has(report.id)) {
      warn(
        'report.csv',
        report.line,
        'id',
        `active report ${report.id} (${report.name}) has no fields in report_definition.csv`,
      );
    }
  }

  for (const schedule of records.schedules) {
    const report = reportsById.get(schedule.reportId);
    if (report === undefined) {
      warn(
        'report_master_schedule.csv',
        schedule.line,
        'report_id',
        `schedule ${schedule.id} is for unknown report ${schedule.reportId}`,
      );
    } else if (!report.active && schedule.active) {
      warn(
        'report_master_schedule.csv',
        schedule.line,
        'report_id',
        `active schedule ${schedule.id} is for inactive report ${report.id} (${report.name})`,
      );
    }
  }

  for (const run of records.runs) {
    if (!reportsById.has(run.reportId)) {
      warn(
        'report_master_log.csv',
        run.line,
        'report_id',
        `run ${run.id} is of unknown report ${run.reportId}`,
      );
    }
  }

  for (const entry of records.scheduleLog) {
    if (!scheduleIds.has(entry.scheduleId)) {
      warn(
        'report_master_schedule_log.csv',
        entry.line,
        'schedule_id',
        `log entry ${entry.id} is for unknown schedule ${entry.scheduleId}`,
      );
    }
  }
  return problems;
}
