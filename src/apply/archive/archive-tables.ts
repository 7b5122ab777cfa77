import { snapshotValue } from '../../legacy/snapshot-column-types.ts';
import { quoteIdentAlways } from '../../sql/sql-quote.ts';
import type { LegacyExport, Problem, SnapshotColumnType } from '../../legacy/types.ts';

/**
 * What the archive holds: one Postgres table per legacy table, typed, plus `load_problem` (what
 * the reader reported, so skipped rows are visible next to the data). Pure: column lists, DDL text
 * and row values; writing is write-archive.ts's job.
 */

export type CellValue = string | number | boolean | null;

export interface ArchiveColumn {
  readonly name: string;
  readonly type: string;
}

export interface ArchiveTable {
  readonly name: string;
  readonly comment: string;
  readonly columns: readonly ArchiveColumn[];
  readonly primaryKey: string | null;
  readonly rows: readonly (readonly CellValue[])[];
}

const col = (name: string, type: string): ArchiveColumn => ({ name, type });
const sourceLine = col('source_line', 'integer');

const snapshotTypes: Readonly<Record<SnapshotColumnType, string>> = {
  boolean: 'boolean',
  integer: 'bigint',
  numeric: 'numeric',
  date: 'date',
  timestamp: 'timestamp without time zone',
  text: 'text',
};

/** Every table of the archive with its rows, in load order. */
export function archiveTables(legacy: LegacyExport): ArchiveTable[] {
  return [
    {
      name: 'report_category',
      comment: 'DTX 1.0 report_category, as exported.',
      columns: [col('id', 'integer'), col('name', 'text'), col('description', 'text'), sourceLine],
      primaryKey: 'id',
      rows: legacy.categories.map((c) => [c.id, c.name, c.description, c.line ?? null]),
    },
    {
      name: 'report',
      comment: 'DTX 1.0 report templates; customer_id 0 = system report.',
      columns: [
        col('id', 'integer'),
        col('customer_id', 'integer'),
        col('report_category_id', 'integer'),
        col('name', 'text'),
        col('internal_name', 'text'),
        col('description', 'text'),
        col('csv_format', 'boolean'),
        col('pdf_format', 'boolean'),
        col('industry_sector', 'text'),
        col('num_days', 'integer'),
        col('sort_order', 'integer'),
        col('active', 'boolean'),
        col('created_by', 'integer'),
        col('create_time', 'timestamp without time zone'),
        col('update_time', 'timestamp without time zone'),
        sourceLine,
      ],
      primaryKey: 'id',
      rows: legacy.reports.map((r) => [
        r.id,
        r.customerId,
        r.categoryId,
        r.name,
        r.internalName,
        r.description,
        r.csvFormat,
        r.pdfFormat,
        r.industrySector,
        r.numDays,
        r.sortOrder,
        r.active,
        r.createdBy,
        r.createTime,
        r.updateTime,
        r.line,
      ]),
    },
    {
      name: 'report_field_definition',
      comment:
        'DTX 1.0 field dictionary. The SQL fragments are DTX 1.0 MySQL: reference only, never run them.',
      columns: [
        col('id', 'integer'),
        col('category', 'text'),
        col('name', 'text'),
        col('label', 'text'),
        col('description', 'text'),
        col('display_format', 'text'),
        col('select_expression', 'text'),
        col('table_name', 'text'),
        col('table_join', 'text'),
        col('filter_type', 'text'),
        col('is_aggregate', 'boolean'),
        col('active', 'boolean'),
        col('create_time', 'timestamp without time zone'),
        col('update_time', 'timestamp without time zone'),
        sourceLine,
      ],
      primaryKey: 'id',
      rows: legacy.fields.map((f) => [
        f.id,
        f.category,
        f.name,
        f.label,
        f.description,
        f.displayFormat,
        f.selectExpression,
        f.tableName,
        f.tableJoin,
        f.filterType,
        f.isAggregate,
        f.active,
        f.createTime,
        f.updateTime,
        f.line,
      ]),
    },
    {
      name: 'report_definition',
      comment:
        'DTX 1.0 report × field, column order = sort_order then id. No foreign keys: the data has dangling ids.',
      columns: [
        col('id', 'integer'),
        col('report_id', 'integer'),
        col('report_field_id', 'integer'),
        col('sort_order', 'integer'),
        sourceLine,
      ],
      primaryKey: 'id',
      rows: legacy.definitions.map((d) => [d.id, d.reportId, d.fieldId, d.sortOrder, d.line]),
    },
    {
      name: 'report_master_schedule',
      comment:
        'DTX 1.0 schedules. email/do_not_send_email: the PHP serialize() text as exported; recipients: decoded, cleaned, minus excluded.',
      columns: [
        col('id', 'integer'),
        col('report_id', 'integer'),
        col('customer_id', 'integer'),
        col('user_id', 'integer'),
        col('subject', 'text'),
        col('recurrence', 'text'),
        col('tod', 'integer'),
        col('dow_bitmap', 'integer'),
        col('dom', 'integer'),
        col('email', 'text'),
        col('do_not_send_email', 'text'),
        col('recipients', 'jsonb'),
        col('excluded', 'jsonb'),
        col('start_date', 'date'),
        col('end_date', 'date'),
        col('active', 'boolean'),
        col('create_time', 'timestamp without time zone'),
        col('update_time', 'timestamp without time zone'),
        col('problems', 'jsonb'),
        sourceLine,
      ],
      primaryKey: 'id',
      rows: legacy.schedules.map((s) => [
        s.id,
        s.reportId,
        s.customerId,
        s.userId,
        s.subject,
        s.recurrence,
        s.tod,
        s.dowBitmap,
        s.dom,
        s.rawEmail,
        s.rawDoNotSendEmail,
        JSON.stringify(s.recipients),
        JSON.stringify(s.excluded),
        s.startDate,
        s.endDate,
        s.active,
        s.createTime,
        s.updateTime,
        JSON.stringify(s.problems.map(problemJson)),
        s.line,
      ]),
    },
    {
      name: 'report_master_log',
      comment: 'DTX 1.0 manual report runs (usage evidence).',
      columns: [
        col('id', 'integer'),
        col('report_id', 'integer'),
        col('customer_id', 'integer'),
        col('user_id', 'integer'),
        col('ip_address', 'text'),
        col('scheduled', 'boolean'),
        col('create_time', 'timestamp without time zone'),
        col('row_count', 'bigint'),
        sourceLine,
      ],
      primaryKey: 'id',
      rows: legacy.runs.map((r) => [
        r.id,
        r.reportId,
        r.customerId,
        r.userId,
        r.ipAddress,
        r.scheduled,
        r.createTime,
        r.rowCount,
        r.line,
      ]),
    },
    {
      name: 'report_master_schedule_log',
      comment: 'DTX 1.0 scheduled deliveries.',
      columns: [
        col('id', 'integer'),
        col('schedule_id', 'integer'),
        col('create_time', 'timestamp without time zone'),
        col('sent', 'boolean'),
        col('sent_time', 'timestamp without time zone'),
        sourceLine,
      ],
      primaryKey: 'id',
      rows: legacy.scheduleLog.map((e) => [
        e.id,
        e.scheduleId,
        e.createTime,
        e.sent,
        e.sentTime,
        e.line,
      ]),
    },
    snapshotTable(legacy),
    {
      name: 'load_problem',
      comment:
        'What the reader found while loading this archive: error = row skipped, warning = value cleaned.',
      columns: [
        col('file', 'text'),
        col('line', 'integer'),
        col('column_name', 'text'),
        col('severity', 'text'),
        col('message', 'text'),
      ],
      primaryKey: null,
      rows: legacy.problems.map((p) => [p.file, p.line, p.column ?? null, p.severity, p.message]),
    },
  ];
}

/**
 * report_data keeps every exported column, typed by inference (see snapshot-column-types.ts).
 * Names are lower-cased so they need no quoting in SQL; a clash after lower-casing gets a suffix.
 */
function snapshotTable(legacy: LegacyExport): ArchiveTable {
  const { columns, columnTypes, rows, lines } = legacy.snapshot;
  const used = new Set<string>(['source_line']);
  const names = columns.map((raw, at) => {
    const base =
      raw
        .toLowerCase()
        .replace(/[^a-z0-9_]+/g, '_')
        .replace(/^_+|_+$/g, '') || `column_${at + 1}`;
    let name = base;
    for (let n = 2; used.has(name); n += 1) name = `${base}_${n}`;
    used.add(name);
    return name;
  });
  return {
    name: 'report_data',
    comment:
      'DTX 1.0 report_data snapshot (not migrated; the requirements list of data points). Types inferred from the values.',
    columns: [
      ...names.map((name, at) => col(name, snapshotTypes[columnTypes[at] ?? 'text'])),
      sourceLine,
    ],
    primaryKey: null,
    rows: rows.map((row, r) => [
      ...row.map((raw, at) => snapshotValue(columnTypes[at] ?? 'text', raw)),
      lines[r] ?? null,
    ]),
  };
}

function problemJson(problem: Problem): Record<string, string | number> {
  return {
    file: problem.file,
    line: problem.line,
    ...(problem.column === undefined ? {} : { column: problem.column }),
    severity: problem.severity,
    message: problem.message,
  };
}

export function createTableSql(schema: string, table: ArchiveTable): string {
  const columns = table.columns.map((c) => `  ${quoteIdentAlways(c.name)} ${c.type}`);
  if (table.primaryKey !== null)
    columns.push(`  PRIMARY KEY (${quoteIdentAlways(table.primaryKey)})`);
  return `CREATE TABLE ${quoteIdentAlways(schema)}.${quoteIdentAlways(table.name)} (\n${columns.join(',\n')}\n)`;
}

export function copySql(schema: string, table: ArchiveTable): string {
  const columns = table.columns.map((c) => quoteIdentAlways(c.name)).join(', ');
  return `COPY ${quoteIdentAlways(schema)}.${quoteIdentAlways(table.name)} (${columns}) FROM STDIN WITH (FORMAT csv)`;
}
