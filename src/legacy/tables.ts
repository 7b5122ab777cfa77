import type { LegacyTable } from './types.ts';

/**
 * Which columns each export file must have. Required = the columns without which a record cannot
 * be built or would be misleading (ids, foreign keys, names, flags the inventory decides on).
 * Optional columns default to NULL when the whole column is absent, so a trimmed export (or a
 * small test fixture) still reads; unknown extra columns are ignored.
 */
export interface TableSpec {
  readonly table: LegacyTable;
  readonly file: string;
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

function spec(
  table: LegacyTable,
  required: readonly string[],
  optional: readonly string[],
): TableSpec {
  return { table, file: `${table}.csv`, required, optional };
}

export const tableSpecs = {
  report_category: spec('report_category', ['id', 'name'], ['description']),
  report: spec(
    'report',
    ['id', 'customer_id', 'report_category_id', 'name', 'active'],
    [
      'internal_name',
      'description',
      'csv_format',
      'pdf_format',
      'industry_sector',
      'num_days',
      'sort_order',
      'created_by',
      'create_time',
      'update_time',
    ],
  ),
  report_field_definition: spec(
    'report_field_definition',
    ['id', 'category', 'name', 'label', 'active'],
    [
      'description',
      'display_format',
      'select_expression',
      'table_name',
      'table_join',
      'filter_type',
      'is_aggregate',
      'create_time',
      'update_time',
    ],
  ),
  report_definition: spec(
    'report_definition',
    ['id', 'report_id', 'report_field_id', 'sort_order'],
    [],
  ),
  report_master_schedule: spec(
    'report_master_schedule',
    // email, recurrence and the dates decide who gets what and whether it is still live: a file
    // without them cannot answer the inventory's questions, so they are required.
    ['id', 'report_id', 'customer_id', 'recurrence', 'email', 'start_date', 'end_date', 'active'],
    [
      'user_id',
      'subject',
      'tod',
      'dow_bitmap',
      'dom',
      'do_not_send_email',
      'create_time',
      'update_time',
    ],
  ),
  report_master_log: spec(
    'report_master_log',
    ['id', 'report_id'],
    ['customer_id', 'user_id', 'ip_address', 'scheduled', 'create_time', 'row_count'],
  ),
  report_master_schedule_log: spec(
    'report_master_schedule_log',
    ['id', 'schedule_id', 'create_time', 'sent'],
    ['sent_time'],
  ),
  // report_data is a snapshot kept as-is: every column is taken, none is required by name.
  report_data: spec('report_data', [], []),
} as const satisfies Record<LegacyTable, TableSpec>;

/** File order: problems are sorted by this, then by line. */
export const tableOrder: readonly LegacyTable[] = [
  'report_category',
  'report',
  'report_field_definition',
  'report_definition',
  'report_master_schedule',
  'report_master_log',
  'report_master_schedule_log',
  'report_data',
];
