import { Option } from 'commander';
import { InputError } from '../../errors.ts';
import { problemLocation, rowsLeftOut } from '../../legacy/rows-left-out.ts';
import type { LegacyExport, Problem } from '../../legacy/types.ts';
import type { CliIo } from '../io.ts';

/** How many problems an error or a listing shows; `inventory` shows them all. */
const shownProblems = 20;

export const allowProblemsOption = new Option(
  '--allow-problems',
  'go on although rows of the export cannot be read: those rows are left out and listed ' +
    '(without it, any such row stops the command before it writes anything)',
);

/**
 * A damaged export must not shrink what generate or archive produce without the operator saying
 * so: rows the reader left out stop the command (nothing written) unless `--allow-problems` was
 * given. Returns the rows left out with the operator's consent (empty on a clean export).
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
    listed(leftOut),
  );
}

/** The `--allow-problems` listing: which rows were left out, on standard output. */
export function reportRowsLeftOut(io: CliIo, leftOut: readonly Problem[]): void {
  if (leftOut.length === 0) return;
  io.out(`  --allow-problems: ${rowsOf(leftOut)} left out:\n`);
  for (const line of listed(leftOut)) io.out(`    - ${line}\n`);
}

function rowsOf(problems: readonly Problem[]): string {
  const rows = new Set(problems.map((p) => `${p.file}:${p.line}`)).size;
  return `${rows} row${rows === 1 ? '' : 's'}`;
}

function listed(problems: readonly Problem[]): string[] {
  const lines = problems.slice(0, shownProblems).map(problemLocation);
  if (problems.length > shownProblems) {
    lines.push(
      `… and ${problems.length - shownProblems} more (\`dtx-reports inventory\` lists every problem)`,
    );
  }
  return lines;
}
