import { hostname } from 'node:os';
import { describeLockHolder, type LockHolder } from '../apply/postgres/run-lock.ts';
import { InputError } from '../errors.ts';
import type { CliIo } from './io.ts';

/** `--lock-timeout`, shared by provision and refresh (the commands that take the run lock). */
export const lockTimeoutFlag = '--lock-timeout <seconds>';
export const lockTimeoutHelp =
  'how long to wait for another dtx-reports run (provision, refresh) on the same database to finish before giving up';
export const defaultLockTimeoutSeconds = '60';

/** Bounded: a whole day at most, so a typo cannot make a run wait forever. */
export function lockTimeoutFrom(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(seconds > 0) || seconds > 86_400) {
    throw new InputError(
      `--lock-timeout must be a number of seconds between 0 and 86400, got "${value}".`,
    );
  }
  return Math.round(seconds * 1000);
}

/**
 * What pg_stat_activity shows for our sessions, so the holder of the run lock can be told apart:
 * the command, and the process and host it runs on.
 */
export function applicationName(command: string): string {
  return `dtx-reports ${command} (pid ${process.pid} on ${hostname()})`.slice(0, 63);
}

/** The line printed once when a run has to wait for the lock. */
export function lockWaitNotice(io: CliIo) {
  return (holder: LockHolder | null, timeoutMs: number): void => {
    io.err(
      `another dtx-reports run holds the lock (${describeLockHolder(holder)}); waiting up to ${Math.round(timeoutMs / 100) / 10} s\n`,
    );
  };
}
