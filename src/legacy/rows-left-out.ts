import type { LegacyExport, Problem } from './types.ts';

/**
 * The rows the reader could not take (severity `error`: unreadable CSV, a wrong number of
 * values, a value that does not parse, a repeated primary key, a file cut short). Carried on,
 * they would make generate and archive work from an incomplete export: fewer reports, an archive
 * with rows missing. Warnings are not here: their rows were kept.
 */
export function rowsLeftOut(legacy: LegacyExport): readonly Problem[] {
  return legacy.problems.filter((p) => p.severity === 'error');
}

/** `report.csv:12: id: 3 already used on line 4 (…); row skipped`: the file and line to open. */
export function problemLocation(problem: Problem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}
