import type pg from 'pg';
import { RemoteError } from '../../errors.ts';

/**
 * One dtx-reports writer at a time per database, for the whole run: `provision` takes this
 * session-level advisory lock before it observes anything (files aside) and holds it through the
 * Metabase phase; `refresh` takes it too. The key is the one the views transaction has always
 * taken, so a run of an older version excludes this one as well.
 *
 * Waiting is bounded (`--lock-timeout`) and announced with who holds the lock. A run whose
 * process died does not block forever: Postgres ends a session whose client is gone (at once for
 * a closed socket, within `client_connection_check_interval` for a statement still running,
 * within the TCP keepalive time for a vanished host; see postgres-session.ts) and that releases
 * its advisory locks.
 */
export const runAdvisoryLock = 0x6474_7876; // "dtxv"

/** The session holding the run lock, as pg_stat_activity shows it. */
export interface LockHolder {
  /** PostgreSQL backend pid (pg_terminate_backend takes it). */
  readonly pid: number;
  /** e.g. `dtx-reports provision (pid 4242 on ops-1)`; empty when not visible to us. */
  readonly applicationName: string;
  /** When that session connected (ISO 8601), null when not visible to us. */
  readonly since: string | null;
}

export interface RunLockOptions {
  readonly timeoutMs: number;
  /** Called once, before waiting, when another session holds the lock. */
  readonly onWait: (holder: LockHolder | null, timeoutMs: number) => void;
}

/** Takes the run lock on this session, waiting at most `timeoutMs`; throws when it cannot. */
export async function acquireRunLock(
  client: pg.ClientBase,
  options: RunLockOptions,
): Promise<void> {
  const tried = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
    runAdvisoryLock,
  ]);
  if (tried.rows[0]?.ok) return;
  options.onWait(await runLockHolder(client), options.timeoutMs);
  // lock_timeout bounds an advisory lock wait too, and the wait ends the moment the holder's
  // session ends: no polling interval to add to the delay.
  await client.query(`SELECT set_config('lock_timeout', $1, false)`, [`${options.timeoutMs}ms`]);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [runAdvisoryLock]);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : null;
    if (code !== '55P03') throw error;
    const holder = await runLockHolder(client).catch(() => null);
    throw new RemoteError(
      `another dtx-reports run still holds the lock after ${formatSeconds(options.timeoutMs)} (${describeLockHolder(holder)}); nothing was changed. Let it finish and run again, or wait longer with --lock-timeout SECONDS.`,
      { system: 'postgres' },
    );
  } finally {
    await client.query('RESET lock_timeout').catch(() => undefined);
  }
}

/** Who holds the run lock in this database now, without taking it (null: nobody). */
export async function runLockHolder(client: pg.ClientBase): Promise<LockHolder | null> {
  const found = await client.query<{
    pid: number;
    application_name: string | null;
    since: string | null;
  }>(
    `SELECT l.pid, a.application_name,
            to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS since
       FROM pg_catalog.pg_locks l
       LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.pid <> pg_backend_pid()
        AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
        AND l.classid = 0 AND l.objid = $1::bigint::oid AND l.objsubid = 1
      LIMIT 1`,
    [runAdvisoryLock],
  );
  const row = found.rows[0];
  if (!row) return null;
  return { pid: row.pid, applicationName: row.application_name ?? '', since: row.since };
}

/** `dtx-reports provision (pid 4242 on ops-1), PostgreSQL backend 5151, connected at …`. */
export function describeLockHolder(holder: LockHolder | null): string {
  if (holder === null) return 'a session that has just ended';
  const who = holder.applicationName === '' ? 'a session' : holder.applicationName;
  const since = holder.since === null ? '' : `, started ${holder.since}`;
  return `${who}, PostgreSQL backend ${holder.pid}${since}`;
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
