import { InputError } from '../errors.ts';
import type { MetabaseAuth } from './http-transport.ts';

export interface MetabaseConnection {
  readonly baseUrl: string;
  readonly auth: MetabaseAuth;
}

/**
 * Where Metabase is and how to authenticate, from the environment only (secrets never come from
 * files or flags): METABASE_URL, and METABASE_API_KEY or METABASE_USER + METABASE_PASSWORD.
 * An API key wins when both are set. Every missing or malformed variable is reported at once.
 */
export function metabaseConnectionFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): MetabaseConnection {
  const problems: string[] = [];
  const rawUrl = env['METABASE_URL']?.trim() ?? '';
  let baseUrl = '';
  if (rawUrl === '') {
    problems.push('METABASE_URL is not set (e.g. https://metabase.example.com)');
  } else {
    try {
      const url = new URL(rawUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
      if (url.username !== '' || url.password !== '') {
        problems.push(
          'METABASE_URL must not contain credentials; use METABASE_USER/METABASE_PASSWORD',
        );
      }
      baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    } catch {
      problems.push('METABASE_URL is not an http(s) URL');
    }
  }
  const apiKey = env['METABASE_API_KEY']?.trim() ?? '';
  const username = env['METABASE_USER']?.trim() ?? '';
  const password = env['METABASE_PASSWORD'] ?? '';
  let auth: MetabaseAuth | null = null;
  if (apiKey !== '') auth = { kind: 'api-key', apiKey };
  else if (username !== '' && password !== '') auth = { kind: 'session', username, password };
  else if (username !== '' || password !== '') {
    problems.push('set both METABASE_USER and METABASE_PASSWORD (or METABASE_API_KEY)');
  } else {
    problems.push(
      'no Metabase credentials: set METABASE_API_KEY, or METABASE_USER and METABASE_PASSWORD',
    );
  }
  if (problems.length > 0 || auth === null) {
    throw new InputError('Metabase connection is not configured', problems);
  }
  return { baseUrl, auth };
}
