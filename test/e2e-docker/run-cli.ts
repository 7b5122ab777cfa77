import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';

export interface CliRun {
  readonly exitCode: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs the real CLI in-process with exactly the environment given (nothing inherited from the
 * test process, so the run is the same on every machine).
 */
export async function runCli(
  argv: readonly string[],
  options: { readonly env: Readonly<Record<string, string>>; readonly projectRoot: string },
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    env: options.env,
    cwd: options.projectRoot,
    projectRoot: options.projectRoot,
    interactive: false,
  };
  const exitCode = await main(argv, io);
  return { exitCode, out: out.join(''), err: err.join('') };
}

/** For assertion messages: what the command said, so a failure explains itself. */
export function transcript(run: CliRun): string {
  return `exit ${run.exitCode}\n--- stdout ---\n${run.out}\n--- stderr ---\n${run.err}`;
}
