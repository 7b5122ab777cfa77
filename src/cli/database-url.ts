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
  try {
    new URL(url);
  } catch {
    throw new InputError(
      'the database URL is not a valid URL; expected postgres://user@host:5432/db',
    );
  }
  return url;
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
