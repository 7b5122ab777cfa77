import { z } from 'zod';
import {
  flag,
  optionalDate,
  optionalFlag,
  optionalText,
  optionalTimestamp,
  optionalWholeNumber,
  requiredText,
  wholeNumber,
} from './cell-schemas.ts';

/**
 * One zod schema per table, keyed by the CSV column names so an issue's path IS the column to
 * report. Values the schemas cannot judge alone (recurrence, filter type, the PHP e-mail lists)
 * stay text here and are interpreted, with warnings, by the table's record builder.
 */

export const categoryRow = z.object({
  id: wholeNumber,
  name: requiredText,
  description: optionalText,
});

export const reportRow = z.object({
  id: wholeNumber,
  customer_id: wholeNumber,
  report_category_id: wholeNumber,
  name: requiredText,
  internal_name: optionalText,
  description: optionalText,
  csv_format: optionalFlag(true),
  pdf_format: optionalFlag(false),
  industry_sector: optionalText,
  num_days: optionalWholeNumber,
  sort_order: optionalWholeNumber,
  active: flag,
  created_by: optionalWholeNumber,
  create_time: optionalTimestamp,
  update_time: optionalTimestamp,
});

export const fieldRow = z.object({
  id: wholeNumber,
  category: requiredText,
  name: requiredText,
  label: requiredText,
  description: optionalText,
  display_format: optionalText,
  select_expression: optionalText,
  table_name: optionalText,
  table_join: optionalText,
  filter_type: optionalText,
  is_aggregate: optionalFlag(false),
  active: flag,
  create_time: optionalTimestamp,
  update_time: optionalTimestamp,
});

export const definitionRow = z.object({
  id: wholeNumber,
  report_id: wholeNumber,
  report_field_id: wholeNumber,
  sort_order: wholeNumber,
});

export const scheduleRow = z.object({
  id: wholeNumber,
  report_id: wholeNumber,
  customer_id: wholeNumber,
  user_id: optionalWholeNumber,
  subject: optionalText,
  recurrence: optionalText,
  tod: optionalWholeNumber,
  dow_bitmap: optionalWholeNumber,
  dom: optionalWholeNumber,
  email: optionalText,
  do_not_send_email: optionalText,
  start_date: optionalDate,
  end_date: optionalDate,
  active: flag,
  create_time: optionalTimestamp,
  update_time: optionalTimestamp,
});

export const runRow = z.object({
  id: wholeNumber,
  report_id: wholeNumber,
  customer_id: optionalWholeNumber,
  user_id: optionalWholeNumber,
  ip_address: optionalText,
  scheduled: optionalFlag(false),
  create_time: optionalTimestamp,
  row_count: optionalWholeNumber,
});

export const scheduleLogRow = z.object({
  id: wholeNumber,
  schedule_id: wholeNumber,
  create_time: optionalTimestamp,
  sent: flag,
  sent_time: optionalTimestamp,
});
