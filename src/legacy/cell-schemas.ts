import { z } from 'zod';

/**
 * zod schemas for single CSV cells (text or NULL) with messages a person can act on.
 * Each one parses AND normalises: zero-dates become null, yes/no and 1/0 become booleans.
 */

type Cell = string | null;
const cell = z.union([z.string(), z.null()]);

function show(value: Cell): string {
  if (value === null) return 'NULL';
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(shown);
}

function blank(value: Cell): value is null | '' {
  return value === null || value.trim() === '';
}

const wholeNumberPattern = /^-?\d{1,15}$/;

export const wholeNumber = cell.transform((value, ctx) => {
  if (value !== null && wholeNumberPattern.test(value.trim())) return Number(value.trim());
  ctx.addIssue({ code: 'custom', message: `expected a whole number, got ${show(value)}` });
  return z.NEVER;
});

export const optionalWholeNumber = cell.transform((value, ctx) => {
  if (blank(value)) return null;
  if (wholeNumberPattern.test(value.trim())) return Number(value.trim());
  ctx.addIssue({ code: 'custom', message: `expected a whole number or NULL, got ${show(value)}` });
  return z.NEVER;
});

const truthy = new Set(['1', 'yes', 'y', 'true']);
const falsy = new Set(['0', 'no', 'n', 'false']);

function toFlag(value: string): boolean | undefined {
  const key = value.trim().toLowerCase();
  if (truthy.has(key)) return true;
  if (falsy.has(key)) return false;
  return undefined;
}

/** `1`/`0` and `yes`/`no` both occur in the legacy data for the same meaning. */
export const flag = cell.transform((value, ctx) => {
  const parsed = value === null ? undefined : toFlag(value);
  if (parsed !== undefined) return parsed;
  ctx.addIssue({ code: 'custom', message: `expected 1/0 or yes/no, got ${show(value)}` });
  return z.NEVER;
});

export function optionalFlag(whenMissing: boolean) {
  return cell.transform((value, ctx) => {
    if (blank(value)) return whenMissing;
    const parsed = toFlag(value);
    if (parsed !== undefined) return parsed;
    ctx.addIssue({ code: 'custom', message: `expected 1/0 or yes/no, got ${show(value)}` });
    return z.NEVER;
  });
}

/**
 * A NUL character (a raw byte in rfc, `\0` in mysql) cannot be stored in PostgreSQL text and
 * cannot be part of a view column, a question or a YAML file; no legacy text means one. It marks
 * a damaged cell, reported where it is rather than failing deep inside generate.
 */
function nulIssue(value: string): string | null {
  const at = value.indexOf('\0');
  return at === -1
    ? null
    : `contains a NUL character at character ${at + 1} (PostgreSQL text cannot hold it)`;
}

export const requiredText = cell.transform((value, ctx) => {
  if (value !== null && value.trim() !== '') {
    const nul = nulIssue(value);
    if (nul === null) return value;
    ctx.addIssue({ code: 'custom', message: nul });
    return z.NEVER;
  }
  ctx.addIssue({ code: 'custom', message: `must not be empty, got ${show(value)}` });
  return z.NEVER;
});

export const optionalText = cell.transform((value, ctx) => {
  const nul = value === null ? null : nulIssue(value);
  if (nul === null) return value;
  ctx.addIssue({ code: 'custom', message: nul });
  return z.NEVER;
});

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const timestampPattern = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

function validDate(year: string, month: string, day: string): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= daysInMonth;
}

/** `YYYY-MM-DD`; MySQL's zero-date `0000-00-00` (and an empty cell) means "no date". */
export const optionalDate = cell.transform((value, ctx) => {
  if (blank(value)) return null;
  const text = value.trim();
  if (text === '0000-00-00') return null;
  const match = datePattern.exec(text);
  if (match && validDate(match[1] ?? '', match[2] ?? '', match[3] ?? '')) return text;
  ctx.addIssue({ code: 'custom', message: `expected a date YYYY-MM-DD, got ${show(value)}` });
  return z.NEVER;
});

/** `YYYY-MM-DD HH:MM:SS` (legacy wall clock, no zone); zero-dates mean "no time". */
export const optionalTimestamp = cell.transform((value, ctx) => {
  if (blank(value)) return null;
  const text = value.trim();
  if (text.startsWith('0000-00-00')) return null;
  const match = timestampPattern.exec(text);
  if (
    match &&
    validDate(match[1] ?? '', match[2] ?? '', match[3] ?? '') &&
    Number(match[4]) < 24 &&
    Number(match[5]) < 60 &&
    Number(match[6]) < 60
  ) {
    return `${match[1]}-${match[2]}-${match[3]} ${match[4]}:${match[5]}:${match[6]}`;
  }
  ctx.addIssue({
    code: 'custom',
    message: `expected a timestamp YYYY-MM-DD HH:MM:SS, got ${show(value)}`,
  });
  return z.NEVER;
});

export { validDate };
