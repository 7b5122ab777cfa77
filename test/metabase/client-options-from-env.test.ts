import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { metabaseConnectionFromEnv } from '../../src/metabase/client-options-from-env.ts';

describe('Metabase connection from the environment', () => {
  it('prefers the API key', () => {
    expect(
      metabaseConnectionFromEnv({
        METABASE_URL: 'https://mb.example.com/',
        METABASE_API_KEY: 'mb_x',
        METABASE_USER: 'a',
        METABASE_PASSWORD: 'b',
      }),
    ).toEqual({ baseUrl: 'https://mb.example.com', auth: { kind: 'api-key', apiKey: 'mb_x' } });
  });

  it('uses user and password otherwise', () => {
    expect(
      metabaseConnectionFromEnv({
        METABASE_URL: 'http://localhost:3000',
        METABASE_USER: 'a@b.c',
        METABASE_PASSWORD: 'pw',
      }).auth,
    ).toEqual({
      kind: 'session',
      username: 'a@b.c',
      password: 'pw',
    });
  });

  it('reports every problem at once and never echoes a secret', () => {
    let error: unknown;
    try {
      metabaseConnectionFromEnv({ METABASE_URL: 'ftp://x', METABASE_PASSWORD: 'hunter22' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const details = (error as InputError).details;
    expect(details).toEqual([
      'METABASE_URL is not an http(s) URL',
      'set both METABASE_USER and METABASE_PASSWORD (or METABASE_API_KEY)',
    ]);
    expect(JSON.stringify(details)).not.toContain('hunter22');
  });
});
