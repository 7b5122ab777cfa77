import pg from 'pg';
import { RemoteError } from '../../errors.ts';
import { postgresMessage } from '../../sql/postgres-message.ts';

/**
 * The one way the tool opens a PostgreSQL connection. Three things every connection needs:
 * - an 'error' listener: pg emits 'error' when the server ends the session (pg_terminate_backend,
 *   a restart, a network cut); without a listener Node turns that into an uncaught exception with
 *   a stack. The loss is recorded instead, and the query that was running rejects as usual;
 * - a recognisable `application_name`, so an operator (and a second run waiting for the run lock)
 *   can tell whose session holds what in pg_stat_activity;
 * - server-side limits on how long a dead client keeps its locks: TCP keepalives notice a client
 *   host that vanished, `client_connection_check_interval` aborts a long statement (a
 *   materialized view build) whose client was killed, instead of letting it run for minutes
 *   holding the run lock; `idle_session_timeout` is turned off for this session only, because it
 *   holds the run lock idle while Metabase is provisioned.
 */
export interface PostgresSession {
  readonly client: pg.Client;
  /** The error that ended the session, when the server or the network ended it. */
  lost(): Error | null;
  end(): Promise<void>;
}

const sessionSettings: readonly (readonly [string, string])[] = [
  ['client_connection_check_interval', '2s'],
  ['tcp_keepalives_idle', '30'],
  ['tcp_keepalives_interval', '10'],
  ['tcp_keepalives_count', '3'],
  ['idle_session_timeout', '0'],
];

export async function openPostgresSession(
  url: string,
  options: { readonly applicationName: string; readonly describe?: string },
): Promise<PostgresSession> {
  let lostWith: Error | null = null;
  const client = new pg.Client({
    connectionString: url,
    application_name: options.applicationName.slice(0, 63),
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  client.on('error', (error: Error) => {
    lostWith ??= error;
  });
  try {
    await client.connect();
    // Only the settings this server knows (client_connection_check_interval is PostgreSQL 14+).
    await client.query(
      `SELECT set_config(s.name, v.value, false)
         FROM (VALUES ${sessionSettings.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ')}) AS v(name, value)
         JOIN pg_catalog.pg_settings s ON s.name = v.name`,
      sessionSettings.flat(),
    );
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new RemoteError(
      `cannot connect to PostgreSQL${options.describe ? ` at ${options.describe}` : ''} (${postgresMessage(error)})`,
      { system: 'postgres' },
    );
  }
  return {
    client,
    lost: () => lostWith,
    end: () => client.end().catch(() => undefined),
  };
}

/**
 * Whether an error means the session is gone (terminated by an administrator, the server shut
 * down, the network cut), as opposed to a statement PostgreSQL refused.
 */
export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (/^(57P0[1-3]|08...)$/.test(code)) return true;
  if (['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT'].includes(code)) return true;
  return /Connection terminated|not queryable|connection error/i.test(error.message);
}

/** The one-line error for a session lost while `during`; `consequence` says what that left. */
export function connectionLostError(
  error: unknown,
  during: string,
  consequence: string,
): RemoteError {
  return new RemoteError(
    `lost the connection to PostgreSQL during ${during} (${postgresMessage(error)}); ${consequence}`,
    { system: 'postgres', remoteMessage: postgresMessage(error) },
  );
}
