/**
 * What to tell the operator about a failed Postgres call: the message, plus the hint where
 * Postgres gives the remedy there ("out of shared memory" alone does not say that the
 * transaction needs more locks than max_locks_per_transaction allows).
 */
export function postgresMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const hint = 'hint' in error && typeof error.hint === 'string' ? ` (hint: ${error.hint})` : '';
  return `${error.message}${hint}`;
}
