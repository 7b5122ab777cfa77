import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';

/** Each command file exports one of these: it adds its subcommand and reports its exit code. */
export type RegisterCommand = (
  program: Command,
  io: CliIo,
  setExitCode: (code: ExitCode) => void,
) => void;
