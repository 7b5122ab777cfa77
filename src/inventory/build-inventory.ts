import type { LegacyExport, Problem } from '../legacy/types.ts';
import { recurrenceInWords } from './recurrence-in-words.ts';
import { lastSuccessfulSends, newestLogEntry, scheduleActivity } from './schedule-activity.ts';
import type { Inventory, InventoryField, InventoryReport, InventorySchedule } from './types.ts';

/** Pure: the legacy export in, the inventory out. Deterministic (no clock, stable orders). */
export function buildInventory(legacy: LegacyExport): Inventory {
  const categoryNames = new Map(legacy.categories.map((c) => [c.id, c.name]));
  const knownFieldIds = new Set(legacy.fields.map((f) => f.id));
  const knownReportIds = new Set(legacy.reports.map((r) => r.id));

  const runsByReport = new Map<number, { count: number; last: string | null }>();
  for (const run of legacy.runs) {
    const entry = runsByReport.get(run.reportId) ?? { count: 0, last: null };
    entry.count += 1;
    if (run.createTime !== null && (entry.last === null || run.createTime > entry.last))
      entry.last = run.createTime;
    runsByReport.set(run.reportId, entry);
  }

  const fieldsByReport = new Map<number, Set<number>>();
  const reportsByField = new Map<number, Set<number>>();
  for (const definition of legacy.definitions) {
    // Dangling ids are listed as problems; they count neither as a field nor as a use.
    if (!knownFieldIds.has(definition.fieldId) || !knownReportIds.has(definition.reportId))
      continue;
    addTo(fieldsByReport, definition.reportId, definition.fieldId);
    addTo(reportsByField, definition.fieldId, definition.reportId);
  }

  const schedulesByReport = new Map<number, number>();
  for (const schedule of legacy.schedules) {
    schedulesByReport.set(schedule.reportId, (schedulesByReport.get(schedule.reportId) ?? 0) + 1);
  }

  const reports: InventoryReport[] = [...legacy.reports]
    .map((report) => ({ report, runs: runsByReport.get(report.id) }))
    .sort((a, b) => (b.runs?.count ?? 0) - (a.runs?.count ?? 0) || a.report.id - b.report.id)
    .map(({ report, runs }, at) => ({
      rank: at + 1,
      id: report.id,
      name: report.name,
      internalName: report.internalName,
      category: categoryNames.get(report.categoryId) ?? null,
      categoryId: report.categoryId,
      kind: report.customerId === 0 ? 'system' : 'custom',
      customerId: report.customerId,
      active: report.active,
      runs: runs?.count ?? 0,
      lastRun: runs?.last ?? null,
      fieldCount: fieldsByReport.get(report.id)?.size ?? 0,
      scheduleCount: schedulesByReport.get(report.id) ?? 0,
    }));

  const fields: InventoryField[] = legacy.fields
    .map((field) => ({
      id: field.id,
      name: field.name,
      label: field.label,
      category: field.category,
      displayFormat: field.displayFormat,
      filterType: field.filterType,
      aggregate: field.isAggregate,
      active: field.active,
      usedBy: reportsByField.get(field.id)?.size ?? 0,
    }))
    .sort((a, b) => b.usedBy - a.usedBy || compareText(a.name, b.name) || a.id - b.id);

  const asOf = newestLogEntry(legacy.scheduleLog);
  const lastSends = lastSuccessfulSends(legacy.scheduleLog);
  const reportNames = new Map(legacy.reports.map((r) => [r.id, r.name]));
  const scheduleProblems = groupByLine(legacy.problems, 'report_master_schedule.csv');
  const schedules: InventorySchedule[] = [...legacy.schedules]
    .sort((a, b) => a.id - b.id)
    .map((schedule) => {
      const activity = scheduleActivity(schedule, lastSends.get(schedule.id) ?? null, asOf);
      return {
        id: schedule.id,
        reportId: schedule.reportId,
        reportName: reportNames.get(schedule.reportId) ?? null,
        customerId: schedule.customerId,
        subject: schedule.subject,
        recurrence: schedule.recurrence,
        recurrenceInWords: recurrenceInWords(schedule),
        recipients: schedule.recipients,
        excluded: schedule.excluded,
        startDate: schedule.startDate,
        endDate: schedule.endDate,
        active: schedule.active,
        ended: activity.ended,
        lastSuccessfulSend: activity.lastSuccessfulSend,
        activeInPractice: activity.activeInPractice,
        activity: activity.activity,
        // Everything found on the schedule's row, including cross-table findings.
        problems: scheduleProblems.get(schedule.line) ?? [],
      };
    });

  return {
    dialect: legacy.dialect,
    asOf,
    summary: {
      reports: reports.length,
      activeReports: reports.filter((r) => r.active).length,
      systemReports: reports.filter((r) => r.kind === 'system').length,
      customReports: reports.filter((r) => r.kind === 'custom').length,
      reportsEverRun: reports.filter((r) => r.runs > 0).length,
      runs: legacy.runs.length,
      fields: fields.length,
      activeFields: fields.filter((f) => f.active).length,
      fieldsInUse: fields.filter((f) => f.usedBy > 0).length,
      schedules: schedules.length,
      activeSchedules: schedules.filter((s) => s.active).length,
      schedulesActiveInPractice: schedules.filter((s) => s.activeInPractice).length,
      errors: legacy.problems.filter((p) => p.severity === 'error').length,
      warnings: legacy.problems.filter((p) => p.severity === 'warning').length,
    },
    reports,
    fields,
    schedules,
    problems: legacy.problems,
  };
}

function addTo(map: Map<number, Set<number>>, key: number, value: number): void {
  const set = map.get(key) ?? new Set<number>();
  set.add(value);
  map.set(key, set);
}

function groupByLine(problems: readonly Problem[], file: string): Map<number, Problem[]> {
  const byLine = new Map<number, Problem[]>();
  for (const problem of problems) {
    if (problem.file !== file) continue;
    const list = byLine.get(problem.line) ?? [];
    list.push(problem);
    byLine.set(problem.line, list);
  }
  return byLine;
}

/** Locale-independent, so output is the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
