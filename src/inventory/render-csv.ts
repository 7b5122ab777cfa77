import { stringify } from 'csv-stringify/sync';
import type { Inventory } from './types.ts';

export const inventoryCsvColumns = [
  'rank',
  'id',
  'name',
  'internal_name',
  'category',
  'kind',
  'customer_id',
  'active',
  'runs',
  'last_run',
  'field_count',
  'schedule_count',
] as const;

/**
 * For spreadsheets: the ranked report table only (one row per report, most used first), the
 * question people most often take into a spreadsheet. Booleans as true/false, no value as empty.
 */
export function renderInventoryCsv(inventory: Inventory): string {
  const rows = inventory.reports.map((r) => [
    r.rank,
    r.id,
    r.name,
    r.internalName ?? '',
    r.category ?? '',
    r.kind,
    r.customerId,
    r.active ? 'true' : 'false',
    r.runs,
    r.lastRun ?? '',
    r.fieldCount,
    r.scheduleCount,
  ]);
  return stringify([[...inventoryCsvColumns], ...rows], { record_delimiter: '\n' });
}
