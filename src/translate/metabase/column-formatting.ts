import type { DisplayFormat, ReportViewColumn } from '../../desired/report-view.ts';
import type { ColumnSettings } from '../../desired/metabase/model.ts';
import { quoteIdentAlways } from '../../sql/sql-quote.ts';

/**
 * How a legacy display_format is shown in Metabase: most become `column_settings`; yes/no is
 * done in the SQL because Metabase has no boolean-to-text formatting, and legacy users (and
 * their CSV attachments) saw `Yes`/`No`.
 */

const formats: Readonly<Record<DisplayFormat, ColumnSettings | null>> = {
  text: null,
  yes_no: null,
  int: { number_style: 'decimal', decimals: 0 },
  money: { number_style: 'currency', currency: 'USD', currency_style: 'symbol', decimals: 2 },
  // Metabase's percent style multiplies by 100: the views hold 0..1 fractions.
  percent: { number_style: 'percent', decimals: 1 },
  date: { date_style: 'M/D/YYYY', time_enabled: false },
  datetime: { date_style: 'M/D/YYYY', time_enabled: 'minutes', time_style: 'h:mm A' },
  email: { view_as: 'email_link' },
  // A `tel:` link template would substitute the column by name, which breaks for labels with
  // Metabase syntax in them; phone numbers stay plain text.
  phone: null,
};

export function columnSettings(format: DisplayFormat): ColumnSettings | null {
  return formats[format];
}

/** Metabase's column_settings key for a result column. */
export function columnSettingsKey(columnName: string): string {
  return JSON.stringify(['name', columnName]);
}

/** The SELECT list entry for a view column. */
export function selectExpression(column: ReportViewColumn): string {
  const name = quoteIdentAlways(column.name);
  if (column.displayFormat === 'yes_no' && column.pgType === 'boolean') {
    return `CASE WHEN ${name} THEN 'Yes' WHEN NOT ${name} THEN 'No' END AS ${name}`;
  }
  return name;
}
