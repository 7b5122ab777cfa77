import { InputError } from '../errors.ts';

/**
 * The DTX 2.0 database URL from `--database-url` or DATABASE_URL (the flag wins), and the only
 * ways the CLI shows it or errors about it: never with the password.
 */
export function databaseUrlFrom(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const url = flag ?? env['DATABASE_URL'] ?? '';
  if (url === '') {
    throw new InputError(
      'no target database: set DATABASE_URL or pass --database-url postgres://user@host:5432/db',
    );
  }
  const problem = postgresUrlProblem(url);
  if (problem !== null) throw new InputError(problem);
  return url;
}

/**
 * Why a database URL is not one for PostgreSQL, or null. node-postgres reads any URL it is given
 * (`mysql://…` becomes a Postgres connection to that host), so the scheme is checked here: a
 * wrong one would otherwise surface as a confusing connection or protocol error.
 */
export function postgresUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'the database URL is not a valid URL; expected postgres://user@host:5432/db';
  }
  if (parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:') return null;
  return `the database URL is a ${parsed.protocol.replace(/:$/, '')}:// URL; dtx-reports works with PostgreSQL only: expected postgres://user@host:5432/db (or postgresql://)`;
}

/** user@host:port/database — what a log may show of a database URL. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username === '' ? '' : `${decodeURIComponent(parsed.username)}@`;
    return `${user}${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparseable database URL)';
  }
}

/** An error's message with the URL's password masked, should a driver ever echo it. */
export function withoutSecret(error: unknown, url: string): string {
  const message = error instanceof Error ? error.message : String(error);
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // Nothing to mask in an unparseable URL.
  }
  return password === '' ? message : message.split(password).join('***');
}
