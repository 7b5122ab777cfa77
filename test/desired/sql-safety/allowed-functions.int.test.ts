import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedFunctions } from '../../../src/desired/sql-safety/allowed-functions.ts';
import { adminUrl } from '../../support/scratch-database.ts';

let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
});
afterAll(async () => client.end());

describe('allowedFunctions, against the real pg_catalog', () => {
  it('names only built-in functions none of whose overloads is VOLATILE', async () => {
    const { rows } = await client.query<{ name: string; volatile: boolean }>(
      `SELECT p.proname AS name, bool_or(p.provolatile = 'v') AS volatile
         FROM pg_proc p
        WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname = ANY($1)
        GROUP BY p.proname`,
      [[...allowedFunctions]],
    );
    const found = new Map(rows.map((r) => [r.name, r.volatile]));
    expect([...allowedFunctions].filter((name) => !found.has(name))).toEqual([]);
    expect(rows.filter((r) => r.volatile).map((r) => r.name)).toEqual([]);
  });

  it('leaves out the writers and readers the attacks use', () => {
    for (const name of [
      'pg_read_file',
      'lo_export',
      'lo_import',
      'set_config',
      'pg_sleep',
      'dblink',
      'query_to_xml',
      'nextval',
      'pg_terminate_backend',
    ]) {
      expect(allowedFunctions.has(name), name).toBe(false);
    }
  });
});
