import type { z } from 'zod';
import { readCsvTable, type CsvTableHeader } from './read-csv-table.ts';
import { referentialProblems } from './referential-checks.ts';
import {
  categoryRow,
  definitionRow,
  fieldRow,
  reportRow,
  runRow,
  scheduleLogRow,
  scheduleRow,
} from './row-schemas.ts';
import { scheduleFromRow } from './schedule-from-row.ts';
import { inferSnapshotColumnTypes } from './snapshot-column-types.ts';
import { tableOrder, tableSpecs, type TableSpec } from './tables.ts';
import type {
  Dialect,
  FieldDefinition,
  FilterType,
  LegacyExport,
  LegacyTable,
  Problem,
  Report,
  ReportCategory,
  ReportDefinition,
  ReportRun,
  ScheduleLogEntry,
} from './types.ts';

export interface ReadExportOptions {
  /** Force a dialect for every file; by default each file's dialect is detected. */
  readonly dialect?: Dialect;
}

interface TableRead<R> {
  readonly records: R[];
  readonly header: CsvTableHeader;
}

/**
 * Reads the 8 CSV files of a DTX 1.0 reporting export into typed, frozen records. Bad rows are
 * reported (severity error) and skipped; questionable values are cleaned and reported (warning).
 * Structural faults throw an InputError with one line naming the file and what to do.
 */
export async function readLegacyExport(
  dir: string,
  options: ReadExportOptions = {},
): Promise<LegacyExport> {
  const problems: Problem[] = [];
  const forced = options.dialect;

  const categories = await readTable(
    dir,
    tableSpecs.report_category,
    forced,
    problems,
    categoryRow,
    (row, line): ReportCategory => ({
      id: row.id,
      name: row.name,
      description: row.description,
      line,
    }),
  );
  const reports = await readTable(
    dir,
    tableSpecs.report,
    forced,
    problems,
    reportRow,
    (row, line): Report => ({
      id: row.id,
      customerId: row.customer_id,
      categoryId: row.report_category_id,
      name: row.name,
      internalName: row.internal_name,
      description: row.description,
      csvFormat: row.csv_format,
      pdfFormat: row.pdf_format,
      industrySector: row.industry_sector,
      numDays: row.num_days,
      sortOrder: row.sort_order,
      active: row.active,
      createdBy: row.created_by,
      createTime: row.create_time,
      updateTime: row.update_time,
      line,
    }),
  );
  const fields = await readTable(
    dir,
    tableSpecs.report_field_definition,
    forced,
    problems,
    fieldRow,
    (row, line, file): FieldDefinition => ({
      id: row.id,
      category: row.category,
      name: row.name,
      label: row.label,
      description: row.description,
      displayFormat:
        row.display_format === null || row.display_format === '' ? null : row.display_format,
      selectExpression: row.select_expression,
      tableName: row.table_name,
      tableJoin: row.table_join,
      filterType: filterType(row.filter_type, file, line, problems),
      isAggregate: row.is_aggregate,
      active: row.active,
      createTime: row.create_time,
      updateTime: row.update_time,
      line,
    }),
  );
  const definitions = await readTable(
    dir,
    tableSpecs.report_definition,
    forced,
    problems,
    definitionRow,
    (row, line): ReportDefinition => ({
      id: row.id,
      reportId: row.report_id,
      fieldId: row.report_field_id,
      sortOrder: row.sort_order,
      line,
    }),
  );
  const schedules = await readTable(
    dir,
    tableSpecs.report_master_schedule,
    forced,
    problems,
    scheduleRow,
    (row, line, file) => {
      const schedule = scheduleFromRow(row, line, file);
      problems.push(...schedule.problems);
      return schedule;
    },
  );
  const runs = await readTable(
    dir,
    tableSpecs.report_master_log,
    forced,
    problems,
    runRow,
    (row, line): ReportRun => ({
      id: row.id,
      reportId: row.report_id,
      customerId: row.customer_id,
      userId: row.user_id,
      ipAddress: row.ip_address,
      scheduled: row.scheduled,
      createTime: row.create_time,
      rowCount: row.row_count,
      line,
    }),
  );
  const scheduleLog = await readTable(
    dir,
    tableSpecs.report_master_schedule_log,
    forced,
    problems,
    scheduleLogRow,
    (row, line): ScheduleLogEntry => ({
      id: row.id,
      scheduleId: row.schedule_id,
      createTime: row.create_time,
      sent: row.sent,
      sentTime: row.sent_time,
      line,
    }),
  );

  const snapshotRows: (readonly (string | null)[])[] = [];
  const snapshotLines: number[] = [];
  const snapshotHeader = await readCsvTable(
    dir,
    tableSpecs.report_data,
    forced,
    problems,
    (row) => {
      snapshotRows.push(Object.freeze(row.values));
      snapshotLines.push(row.line);
    },
  );

  problems.push(
    ...referentialProblems({
      categories: categories.records,
      reports: reports.records,
      fields: fields.records,
      definitions: definitions.records,
      schedules: schedules.records,
      runs: runs.records,
      scheduleLog: scheduleLog.records,
    }),
  );

  const fileDialects: Record<LegacyTable, Dialect> = {
    report_category: categories.header.dialect,
    report: reports.header.dialect,
    report_field_definition: fields.header.dialect,
    report_definition: definitions.header.dialect,
    report_master_schedule: schedules.header.dialect,
    report_master_log: runs.header.dialect,
    report_master_schedule_log: scheduleLog.header.dialect,
    report_data: snapshotHeader.dialect,
  };

  return Object.freeze({
    dir,
    dialect: reports.header.dialect,
    fileDialects: Object.freeze(fileDialects),
    categories: Object.freeze(categories.records),
    reports: Object.freeze(reports.records),
    fields: Object.freeze(fields.records),
    definitions: Object.freeze(definitions.records),
    schedules: Object.freeze(schedules.records),
    runs: Object.freeze(runs.records),
    scheduleLog: Object.freeze(scheduleLog.records),
    snapshot: Object.freeze({
      columns: Object.freeze([...snapshotHeader.columns]),
      rows: Object.freeze(snapshotRows),
      columnTypes: Object.freeze(
        inferSnapshotColumnTypes(snapshotHeader.columns.length, snapshotRows),
      ),
      lines: Object.freeze(snapshotLines),
    }),
    problems: Object.freeze(sortProblems(problems).map((p) => Object.freeze(p))),
  });
}

/**
 * Reads one table: each row is validated by its zod schema (an issue becomes an error problem on
 * that column and the row is skipped), then built into a frozen record. A repeated id keeps the
 * first row: the legacy tables have the id as primary key, so a repeat means a damaged export.
 */
async function readTable<
  S extends z.ZodType<unknown, Record<string, string | null>>,
  R extends { readonly id: number },
>(
  dir: string,
  spec: TableSpec,
  dialect: Dialect | undefined,
  problems: Problem[],
  schema: S,
  build: (row: z.output<S>, line: number, file: string) => R,
): Promise<TableRead<R>> {
  const records: R[] = [];
  const seenIds = new Map<number, number>();
  const columns = [...spec.required, ...spec.optional];
  const header = await readCsvTable(dir, spec, dialect, problems, (row, header) => {
    const input: Record<string, string | null> = {};
    for (const column of columns) {
      const at = header.index.get(column);
      input[column] = at === undefined ? null : (row.values[at] ?? null);
    }
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? '');
        problems.push({
          file: spec.file,
          line: row.line,
          column,
          message: `${column}: ${issue.message}; row skipped`,
          severity: 'error',
        });
      }
      return;
    }
    const record = build(parsed.data, row.line, spec.file);
    const firstLine = seenIds.get(record.id);
    if (firstLine !== undefined) {
      problems.push({
        file: spec.file,
        line: row.line,
        column: 'id',
        message: `id: ${record.id} already used on line ${firstLine} (the primary key must be unique); row skipped`,
        severity: 'error',
      });
      return;
    }
    seenIds.set(record.id, row.line);
    records.push(Object.freeze(record));
  });
  return { records, header };
}

const filterTypes: ReadonlySet<string> = new Set<FilterType>([
  'text',
  'select',
  'date_range',
  'number',
]);

function filterType(
  value: string | null,
  file: string,
  line: number,
  problems: Problem[],
): FilterType | null {
  if (value === null || value.trim() === '') return null;
  const text = value.trim();
  if (isFilterType(text)) return text;
  problems.push({
    file,
    line,
    column: 'filter_type',
    message: `unknown filter type ${JSON.stringify(text)}; treated as no filter`,
    severity: 'warning',
  });
  return null;
}

function isFilterType(value: string): value is FilterType {
  return filterTypes.has(value);
}

function sortProblems(problems: readonly Problem[]): Problem[] {
  const fileRank = new Map(tableOrder.map((table, at) => [`${table}.csv`, at]));
  // Stable sort: problems on the same line keep the order they were found in.
  return [...problems].sort(
    (a, b) => (fileRank.get(a.file) ?? 99) - (fileRank.get(b.file) ?? 99) || a.line - b.line,
  );
}
