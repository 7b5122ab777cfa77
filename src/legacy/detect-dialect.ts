import type { Dialect } from './types.ts';

// A field that is exactly `\N` (MySQL's NULL) or exactly `NULL` (the GUI tools' NULL).
const mysqlNullField = /(?:^|,)\\N(?:,|\r?\n|$)/m;
const rfcNullField = /(?:^|,)NULL(?:,|\r?\n|$)/m;

/**
 * Guesses the dialect from the first part of a file. NULL markers are the strongest evidence,
 * then line ends (GUI tools write CRLF), then any backslash (MySQL escapes every backslash it
 * writes). A file with none of these reads identically in both dialects, so `rfc` is as good as
 * any answer.
 */
export function detectDialect(head: string): Dialect {
  if (mysqlNullField.test(head)) return 'mysql';
  if (rfcNullField.test(head)) return 'rfc';
  if (head.includes('\r\n')) return 'rfc';
  if (head.includes('\\')) return 'mysql';
  return 'rfc';
}
