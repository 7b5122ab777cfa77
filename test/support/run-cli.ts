import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { projectRoot } from './shared.ts';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** The real CLI run in-process through `main(argv, io)`, with its stdout and stderr captured. */
export async function runCli(
  argv: readonly string[],
  options: { readonly env: CliIo['env']; readonly cwd?: string },
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    env: options.env,
    cwd: options.cwd ?? projectRoot,
    projectRoot,
    interactive: false,
  };
  const code = await main(argv, io);
  return { code, out: out.join(''), err: err.join('') };
}
