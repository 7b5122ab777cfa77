import { InputError } from '../errors.ts';
import type { LegacyExport, Problem } from './types.ts';

/** How many problems an error or a listing shows; `inventory` shows them all. */
const shownProblems = 20;

/**
 * The rows the reader could not take (severity `error`: unreadable CSV, a wrong number of
 * values, a value that does not parse, a repeated primary key, a file cut short). Carried on,
 * they would make generate and archive work from an incomplete export: fewer reports, an archive
 * with rows missing. Warnings are not here: their rows were kept.
 */
export function rowsLeftOut(legacy: LegacyExport): readonly Problem[] {
  return legacy.problems.filter((p) => p.severity === 'error');
}

/**
 * A damaged export must not shrink what generate or archive produce without the operator saying
 * so: rows the reader left out stop the command (before anything is written) unless the operator
 * allowed them (`--allow-problems`). Returns the rows left out with consent (empty when clean).
 */
export function checkRowsLeftOut(
  legacy: LegacyExport,
  command: 'generate' | 'archive',
  allowProblems: boolean,
): readonly Problem[] {
  const leftOut = rowsLeftOut(legacy);
  if (leftOut.length === 0 || allowProblems) return leftOut;
  throw new InputError(
    `${rowsOf(leftOut)} of the export cannot be read, so ${command} would work from an incomplete export; ` +
      'nothing was written. Fix or re-export the files named below, or pass --allow-problems to leave those rows out',
    listedProblems(leftOut),
  );
}

/** `report.csv:12: id: 3 already used on line 4 (…); row skipped`: the file and line to open. */
function problemLocation(problem: Problem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

/** `1 row`, `12 rows`: rows, not problems (one row can have several). */
export function rowsOf(problems: readonly Problem[]): string {
  const rows = new Set(problems.map((p) => `${p.file}:${p.line}`)).size;
  return `${rows} row${rows === 1 ? '' : 's'}`;
}

/** One line per problem, the first 20, then how many more. */
export function listedProblems(problems: readonly Problem[]): string[] {
  const lines = problems.slice(0, shownProblems).map(problemLocation);
  if (problems.length > shownProblems) {
    lines.push(
      `… and ${problems.length - shownProblems} more (\`dtx-reports inventory\` lists every problem)`,
    );
  }
  return lines;
}
