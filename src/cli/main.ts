import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import { InputError, RemoteError } from '../errors.ts';
import { ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';
import { commands } from './commands/index.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function processIo(): CliIo {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    projectRoot,
    interactive: Boolean(process.stderr.isTTY),
  };
}

/**
 * The one entry point: builds the command tree, runs one command, and turns every failure into
 * one clear line and a documented exit code. Nothing below here exits the process.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.ok;
  const program = new Command()
    .name('dtx-reports')
    .description(
      'DTX 1.0 reporting carried over to DTX 2.0: inventory and archive the legacy export,\n' +
        'generate Postgres views, Metabase questions, dashboards and subscriptions as files,\n' +
        'then plan and provision them.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  for (const register of commands) {
    register(program, io, (code) => {
      exitCode = code;
    });
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportFailure(error, io);
  }
}

function reportFailure(error: unknown, io: CliIo): ExitCode {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; they already printed.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.error;
  }
  if (error instanceof InputError) {
    io.err(`error: ${error.message}\n`);
    for (const detail of error.details) io.err(`  - ${detail}\n`);
    return ExitCode.error;
  }
  if (error instanceof RemoteError) {
    io.err(`error: ${error.message}\n`);
    return ExitCode.error;
  }
  if (error instanceof ZodError) {
    io.err(
      `error: invalid input: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`,
    );
    return ExitCode.error;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`internal error: ${message}\n`);
  if (io.env['DEBUG'] && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
  else io.err('  (set DEBUG=1 for a stack trace, and please report it)\n');
  return ExitCode.error;
}
