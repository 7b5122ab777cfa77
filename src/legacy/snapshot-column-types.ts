import { validDate } from './cell-schemas.ts';
import type { SnapshotColumnType } from './types.ts';

/**
 * report_data has 93 loosely typed columns. Rather than hard-code a type per column name (which
 * would silently go wrong on an export with other columns), each column gets the narrowest type
 * that every non-empty value fits, in this order: boolean (only yes/no or only 1/0 — the two
 * encodings the legacy data mixes), integer, numeric, date, timestamp, else text. An empty cell
 * counts as "no value" for the typed kinds. An all-NULL column stays text.
 * The risk: a count column that only ever held 0 and 1 becomes boolean; the raw CSV is kept.
 */
const integerPattern = /^-?\d{1,18}$/;
const numericPattern = /^-?(?:\d+\.?\d*|\.\d+)$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const timestampPattern = /^(\d{4})-(\d{2})-(\d{2}) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

/** Zero-dates are allowed (they become null); anything else must be a real calendar date. */
function isDateLike(pattern: RegExp, value: string): boolean {
  const match = pattern.exec(value);
  if (!match) return false;
  if (value.startsWith('0000-00-00')) return true;
  return validDate(match[1] ?? '', match[2] ?? '', match[3] ?? '');
}
const yesNo = new Set(['yes', 'no']);
const oneZero = new Set(['1', '0']);

interface Candidates {
  yesNo: boolean;
  oneZero: boolean;
  integer: boolean;
  numeric: boolean;
  date: boolean;
  timestamp: boolean;
  seen: boolean;
}

export function inferSnapshotColumnTypes(
  columnCount: number,
  rows: readonly (readonly (string | null)[])[],
): SnapshotColumnType[] {
  const candidates: Candidates[] = Array.from({ length: columnCount }, () => ({
    yesNo: true,
    oneZero: true,
    integer: true,
    numeric: true,
    date: true,
    timestamp: true,
    seen: false,
  }));
  for (const row of rows) {
    for (let column = 0; column < columnCount; column += 1) {
      const value = row[column];
      const c = candidates[column];
      if (value === null || value === undefined || value === '' || c === undefined) continue;
      c.seen = true;
      if (c.yesNo && !yesNo.has(value.toLowerCase())) c.yesNo = false;
      if (c.oneZero && !oneZero.has(value)) c.oneZero = false;
      if (c.integer && !integerPattern.test(value)) c.integer = false;
      if (c.numeric && !numericPattern.test(value)) c.numeric = false;
      if (c.date && !isDateLike(datePattern, value)) c.date = false;
      if (c.timestamp && !isDateLike(timestampPattern, value)) c.timestamp = false;
    }
  }
  return candidates.map((c) => {
    if (!c.seen) return 'text';
    if (c.yesNo || c.oneZero) return 'boolean';
    if (c.integer) return 'integer';
    if (c.numeric) return 'numeric';
    if (c.date) return 'date';
    if (c.timestamp) return 'timestamp';
    return 'text';
  });
}

/** Converts one raw cell to its typed value (zero-dates → null, yes/no and 1/0 → boolean). */
export function snapshotValue(
  type: SnapshotColumnType,
  raw: string | null,
): string | number | boolean | null {
  if (raw === null) return null;
  if (type === 'text') return raw;
  if (raw === '') return null;
  switch (type) {
    case 'boolean':
      return raw === '1' || raw.toLowerCase() === 'yes';
    case 'integer': {
      const number = Number(raw);
      return Number.isSafeInteger(number) ? number : raw;
    }
    case 'numeric':
      // Kept as text so Postgres parses the exact decimal (no binary floating point on the way).
      return raw;
    case 'date':
    case 'timestamp':
      return raw.startsWith('0000-00-00') ? null : raw;
  }
}
