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

/**
 * Why a file cannot be in the dialect the operator named, or null when nothing contradicts it.
 * Only evidence that reads differently in the two dialects counts: NULL markers (`\N` is text in
 * rfc, `NULL` is text in mysql) and CRLF line ends, which `SELECT … INTO OUTFILE` does not write.
 * A backslash alone proves nothing: rfc text may hold one (`C:\files`).
 */
export function dialectContradiction(head: string, given: Dialect): string | null {
  const mysqlNulls = mysqlNullField.test(head);
  if (given === 'rfc') {
    return mysqlNulls && !rfcNullField.test(head) ? 'it writes NULL as \\N' : null;
  }
  if (mysqlNulls) return null;
  if (rfcNullField.test(head)) return 'it writes NULL as the bare word NULL';
  if (head.includes('\r\n')) return 'its lines end with CRLF';
  return null;
}
