import { InputError } from '../errors.ts';
import { validDate } from '../legacy/cell-schemas.ts';

/** A `YYYY-MM-DD` flag value that names a day of the calendar (`2025-02-30` does not). */
export function realDate(flag: string, value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null || !validDate(match[1] ?? '', match[2] ?? '', match[3] ?? '')) {
    throw new InputError(
      `${flag} "${value}" is not a date of the calendar; expected YYYY-MM-DD, e.g. 2025-02-28`,
    );
  }
  return value;
}
