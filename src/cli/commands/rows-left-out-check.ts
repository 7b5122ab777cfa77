import { Option } from 'commander';
import { listedProblems, rowsOf } from '../../legacy/rows-left-out.ts';
import type { Problem } from '../../legacy/types.ts';
import type { CliIo } from '../io.ts';

export const allowProblemsOption = new Option(
  '--allow-problems',
  'go on although rows of the export cannot be read: those rows are left out and listed ' +
    '(without it, any such row stops the command before it writes anything)',
);

/** The `--allow-problems` listing: which rows were left out, on standard output. */
export function reportRowsLeftOut(io: CliIo, leftOut: readonly Problem[]): void {
  if (leftOut.length === 0) return;
  io.out(`  --allow-problems: ${rowsOf(leftOut)} left out:\n`);
  for (const line of listedProblems(leftOut)) io.out(`    - ${line}\n`);
}
