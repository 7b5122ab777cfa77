/**
 * PostgreSQL COPY text format: tab-separated, `\N` for NULL, backslash escapes for the few
 * characters that would break a line. Booleans as t/f.
 */
export type CopyValue = string | number | boolean | null;

const needsEscape = /[\\\t\n\r]/;

function copyText(value: string): string {
  if (!needsEscape.test(value)) return value;
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

function copyValue(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return copyText(value);
}

/** One COPY line (with its newline). */
export function copyLine(values: readonly CopyValue[]): string {
  let line = '';
  for (let index = 0; index < values.length; index += 1) {
    if (index > 0) line += '\t';
    line += copyValue(values[index] ?? null);
  }
  return `${line}\n`;
}
