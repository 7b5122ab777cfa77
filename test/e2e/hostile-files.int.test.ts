import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/shared.ts';
import { startE2eEnvironment, transcript, type E2eEnvironment } from './support/e2e-environment.ts';
import { duplicates, listObjects, managedKeys } from './support/metabase-objects.ts';

/**
 * Issue 11, rows 1–3 and more, reproduced as the issue did: copy the committed views/,
 * questions/ and dashboards/ into a folder, edit one file as a hostile hand would, run `plan` and
 * `provision --from` that folder. Each must stop with exit 1 and a message naming the file, and
 * leave everything as it was: the canary table and its row, no file written by the server, no
 * grant, no view outside the reporting schema, the reporting views themselves, and Metabase
 * (no write at all, no duplicate managed object).
 */

let env: E2eEnvironment;
const dirs: string[] = [];

beforeAll(async () => {
  env = await startE2eEnvironment({ records: 100, dbPrefix: 'dtx_e2e_hostile' });
  await env.db.pool.query(
    `CREATE TABLE public.canary (note text); INSERT INTO public.canary VALUES ('alive')`,
  );
  const cold = await env.cli(['provision']);
  expect(cold.exitCode, transcript(cold)).toBe(0);
}, 300_000);

afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await env?.close();
});

/** A copy of the committed files with one file changed by `edit`. */
function hostileCopy(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dtx-hostile-'));
  dirs.push(dir);
  for (const folder of ['views', 'questions', 'dashboards']) {
    cpSync(path.join(projectRoot, folder), path.join(dir, folder), { recursive: true });
  }
  const target = path.join(dir, file);
  const before = readFileSync(target, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`the edit did not change ${file}`);
  writeFileSync(target, after);
  return dir;
}

/** Appends lines to a question's SQL (its `sql: |-` block ends where `templateTags:` starts). */
const appendToSql =
  (...lines: readonly string[]) =>
  (text: string): string =>
    text.replace('\ntemplateTags:', `\n${lines.map((l) => `  ${l}`).join('\n')}\ntemplateTags:`);

/** Everything outside Metabase a run could change: catalog, grants, comments, rows, views. */
async function postgresState(): Promise<string> {
  const query = async (sql: string, values: unknown[] = []) =>
    JSON.stringify((await env.db.pool.query(sql, values)).rows);
  return [
    await query(
      `SELECT n.nspname, c.relname, c.relkind, c.relacl::text, obj_description(c.oid, 'pg_class') AS comment,
              CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS definition
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
        ORDER BY 1, 2`,
    ),
    await query(`SELECT nspname, nspacl::text FROM pg_namespace ORDER BY 1`),
    await query(`SELECT proname, pronamespace::regnamespace::text FROM pg_proc
                  WHERE pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace) ORDER BY 1`),
    await query(
      `SELECT r.rolname, r.rolsuper, r.rolcreaterole, array(SELECT b.rolname FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid WHERE m.member = r.oid ORDER BY 1)::text AS member_of
         FROM pg_roles r WHERE r.rolname = $1`,
      [env.role],
    ),
    await query(`SELECT note FROM public.canary ORDER BY 1`),
  ].join('\n');
}

interface Attack {
  readonly what: string;
  readonly file: string;
  readonly edit: (text: string) => string;
  /** What the refusal must say besides the file name. */
  readonly says: RegExp;
  /** A file the server would create if the attack ran. */
  readonly marker?: string;
}

const marker = `/tmp/dtx-hostile-${randomBytes(4).toString('hex')}`;
const accountMaster = 'questions/accounts/1-account-master.yaml';
const accountMasterView = 'views/reports/acct_master.sql';
const delivery = 'questions/custom/1003/delivery-1-account-master-summit-health-systems.yaml';

const attacks = (role: () => string): readonly Attack[] => [
  {
    what: 'row 1: `; DROP TABLE public.canary` appended to a question',
    file: accountMaster,
    edit: appendToSql('; DROP TABLE public.canary'),
    says: /holds 2 statements \(SELECT, DROP\)/,
  },
  {
    what: 'row 1: `; COMMIT; COPY … TO PROGRAM; BEGIN` appended to a question',
    file: accountMaster,
    edit: appendToSql(`; COMMIT; COPY (SELECT 1) TO PROGRAM 'touch ${marker}'; BEGIN`),
    says: /holds 4 statements/,
    marker,
  },
  {
    what: 'row 2: `DROP TABLE public.canary;` appended to a view file',
    file: accountMasterView,
    edit: (text) => `${text}DROP TABLE public.canary;\n`,
    says: /DROP: a view file holds one CREATE VIEW of reporting\.acct_master/,
  },
  {
    what: 'row 2: a GRANT on public.auth_user to the reporting role appended to a view file',
    file: accountMasterView,
    edit: (text) => `${text}GRANT SELECT ON public.auth_user TO ${role()};\n`,
    says: /GRANT\/REVOKE: a view file holds/,
  },
  {
    what: 'row 2: CREATE VIEW public.x appended to a view file',
    file: accountMasterView,
    edit: (text) => `${text}CREATE VIEW public.x AS SELECT * FROM public.auth_user;\n`,
    says: /creates view public\.x, but the header names reporting\.acct_master/,
  },
  {
    what: 'row 3: a question that is a DELETE',
    file: accountMaster,
    edit: (text) =>
      text.replace(
        /sql: \|-\n[\s\S]*?\ntemplateTags:/,
        'sql: |-\n  DELETE FROM public.canary\n  WHERE {{service_org}} AND {{client}} AND {{date_range}}\ntemplateTags:',
      ),
    says: /is DELETE, not a SELECT/,
  },
  {
    what: 'row 3: a data-modifying WITH',
    file: accountMaster,
    edit: (text) =>
      text.replace(
        'sql: |-\n  SELECT',
        'sql: |-\n  WITH d AS (DELETE FROM public.canary RETURNING 1)\n  SELECT',
      ),
    says: /WITH d AS \(DELETE …\) writes/,
  },
  {
    what: 'row 3: a column reading public.auth_user',
    file: accountMaster,
    edit: (text) =>
      text.replace(
        '    "Account Created"\n',
        `    "Account Created",\n    (SELECT string_agg(email, ',') FROM public.auth_user) AS "Everyone"\n`,
      ),
    says: /reads public\.auth_user, outside the reporting schema reporting/,
  },
  {
    what: 'row 3: a delivery filter widened with OR true',
    file: delivery,
    // The customer is a literal since issue 13; the attack is the same: widen it with OR true, on
    // a line of its own, so that no line-by-line reading of the SQL can see it.
    edit: (text) =>
      text.replace(
        'WHERE "service_org_legacy_id" = 1003',
        'WHERE "service_org_legacy_id" = 1003\n    OR true',
      ),
    says: /must keep "service_org_legacy_id" = 1003 as an AND term/,
  },
  {
    what: 'a DELETE that becomes a statement only when an optional filter is left out',
    file: accountMaster,
    edit: (text) =>
      appendToSql('; DELETE FROM public.canary')(
        text.replace('[[AND {{date_range}}]]', '[[AND {{date_range}} --]]'),
      ),
    says: /holds 2 statements \(SELECT, DELETE\).*\{\{date_range\}\} unset/,
  },
  {
    what: 'a view body calling a function that acts (pg_terminate_backend)',
    file: accountMasterView,
    edit: (text) =>
      text.replace(
        'AS "Service Organization"',
        'AS "Service Organization", pg_terminate_backend(0) AS x',
      ),
    says: /calls pg_terminate_backend\(\)/,
  },
  {
    what: 'a view file whose view has another name',
    file: accountMasterView,
    edit: (text) =>
      text.replace(
        'CREATE OR REPLACE VIEW reporting.acct_master',
        'CREATE OR REPLACE VIEW reporting.acct_master_2',
      ),
    says: /creates view reporting\.acct_master_2, but the header names reporting\.acct_master/,
  },
  {
    what: 'COMMENT ON another object appended to a view file',
    file: accountMasterView,
    edit: (text) => `${text}COMMENT ON TABLE public.canary IS 'owned';\n`,
    says: /COMMENT ON TABLE public\.canary/,
  },
];

describe('hostile files are refused before anything is written (issue 11, rows 1–3)', () => {
  let cleanPostgres = '';
  let cleanMetabase = '';

  it('starts from a provisioned world that plans as "No changes"', async () => {
    const plan = await env.cli(['plan', '--detailed-exitcode']);
    expect(plan.exitCode, transcript(plan)).toBe(0);
    cleanPostgres = await postgresState();
    cleanMetabase = JSON.stringify(await listObjects(env, 'active'));
  });

  for (const attack of attacks(() => env.role)) {
    it(attack.what, async () => {
      const dir = hostileCopy(attack.file, attack.edit);
      for (const command of ['plan', 'provision']) {
        const run = await env.cli([command, '--from', dir]);
        const said = transcript(run);
        expect(run.exitCode, said).toBe(1);
        expect(run.err, said).toContain(`${attack.file}:`);
        expect(run.err, said).toMatch(attack.says);
        expect(run.err, said).not.toMatch(/\n\s+at /); // no stack trace
        const writes = env.emulator
          .log()
          .filter((e) => e.seq > run.fromSeq && e.seq <= run.toSeq && e.category === 'write');
        expect(writes, `${command} wrote to Metabase`).toEqual([]);
      }
      expect(await postgresState()).toBe(cleanPostgres);
      if (attack.marker) expect(existsSync(attack.marker)).toBe(false);
      const objects = await listObjects(env, 'active');
      expect(duplicates(managedKeys(objects))).toEqual([]);
      expect(JSON.stringify(objects)).toBe(cleanMetabase);
    });
  }

  it('plan proves a changed question against the views as the reporting role, like provision', async () => {
    const dir = hostileCopy(accountMaster, (text) =>
      text.replace('    "Account Created"\n', '    "Account Created",\n    "No Such Column"\n'),
    );
    const run = await env.cli(['plan', '--from', dir]);
    expect(run.exitCode, transcript(run)).toBe(1);
    expect(run.err).toContain('question:report:1');
    expect(run.err).toContain('column "No Such Column" does not exist');
  });

  it('still plans "No changes" from the committed files afterwards', async () => {
    const plan = await env.cli(['plan', '--detailed-exitcode']);
    expect(plan.exitCode, transcript(plan)).toBe(0);
  });
});
