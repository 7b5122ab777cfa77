import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './shared.ts';

export interface SpawnedCli {
  readonly child: ChildProcess;
  /** Resolves when the process ends: its exit code (null when killed) and what it printed. */
  readonly done: Promise<{ code: number | null; signal: string | null; out: string; err: string }>;
}

/**
 * The real `dtx-reports` executable (bin/dtx-reports.js) in a child process: what an operator
 * sees, including what only a whole process shows (an uncaught 'error' event and its stack, the
 * exit code), and a process a test can kill -9.
 */
export function spawnCli(
  argv: readonly string[],
  options: { readonly env: Readonly<Record<string, string>>; readonly cwd?: string },
): SpawnedCli {
  const child = spawn(
    process.execPath,
    [path.join(projectRoot, 'bin', 'dtx-reports.js'), ...argv],
    {
      cwd: options.cwd ?? projectRoot,
      env: { PATH: process.env['PATH'] ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<{
    code: number | null;
    signal: string | null;
    out: string;
    err: string;
  }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
  return { child, done };
}
