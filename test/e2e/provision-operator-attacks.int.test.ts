import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl } from '../support/scratch-database.ts';
import { projectRoot } from '../support/shared.ts';
import { readDesiredFiles, type DesiredFiles } from './support/desired-files.ts';
import { startE2eEnvironment, transcript, type E2eEnvironment } from './support/e2e-environment.ts';
import { duplicates, listDatabases, listObjects, managedKeys } from './support/metabase-objects.ts';

/**
 * Issue 11, rows 6, 7 and 10, reproduced as written, against real Postgres and the Metabase
 * emulator over HTTP:
 * - 6: two provisions started 0.3 s apart on an empty Metabase;
 * - 7: REPORTING_DB_PASSWORD changed (and the SMTP password, with --rotate-secrets);
 * - 10: what the reporting role can do once connected; `--target-schema information_schema`.
 * After each: no managed key on two Metabase objects, one database connection, nothing outside
 * the reporting schema changed.
 */
let env: E2eEnvironment;
let desired: DesiredFiles;
const metabaseDatabaseName = 'DTX 2.0 reporting';

beforeAll(async () => {
  env = await startE2eEnvironment({ records: 200, dbPrefix: 'dtx_e2e_attack' });
  desired = await readDesiredFiles(projectRoot);
});

afterAll(async () => {
  await env?.close();
});

async function expectNoDuplicates(): Promise<void> {
  const keys = managedKeys(await listObjects(env, 'active'));
  expect(duplicates(keys)).toEqual([]);
  expect(new Set(keys.cards.keys())).toEqual(
    new Set([...desired.questions.values()].map((q) => q.key)),
  );
  expect(new Set(keys.dashboards.keys())).toEqual(
    new Set([...desired.dashboards.values()].map((d) => d.key)),
  );
  expect(new Set(keys.pulses.keys())).toEqual(new Set(desired.subscriptions.map((s) => s.key)));
  expect((await listDatabases(env)).filter((d) => d.name === metabaseDatabaseName)).toHaveLength(1);
}

/** Relations, ACLs and schemas outside `reporting`, and the roles of the cluster. */
async function outsideReporting(): Promise<string> {
  const { rows } = await env.db.pool.query<{ line: string }>(
    `SELECT format('%s.%s %s %s', n.nspname, c.relname, c.relkind, c.relacl) AS line
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ('reporting', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%'
        AND n.nspname NOT LIKE 'pg_toast_temp%'
     UNION ALL SELECT format('schema %s %s', nspname, nspacl) FROM pg_namespace
      WHERE nspname <> 'reporting' AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%'
      ORDER BY 1`,
  );
  return rows.map((r) => r.line).join('\n');
}

/** The emulator's stored connection details (what Metabase would log in with). */
function storedConnection(): Record<string, unknown> {
  const found = [...env.emulator.state.databases.values()].filter(
    (d) => d.name === metabaseDatabaseName,
  );
  expect(found).toHaveLength(1);
  return found[0]?.details ?? {};
}

/**
 * Whether `password` logs the role in, checked the way PostgreSQL checks a SCRAM-SHA-256 login
 * (RFC 7677: the stored key is H(HMAC(PBKDF2(password, salt, i), "Client Key"))), independently
 * of the product's code. The test cluster trusts every local connection, so a login would not
 * tell.
 */
async function roleAcceptsPassword(role: string, password: string): Promise<boolean> {
  const { rows } = await env.db.pool.query<{ rolpassword: string }>(
    'SELECT rolpassword FROM pg_authid WHERE rolname = $1',
    [role],
  );
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):/.exec(rows[0]?.rolpassword ?? '');
  if (!match) return false;
  const [, iterations = '0', salt = '', storedKey = ''] = match;
  const salted = pbkdf2Sync(
    password,
    Buffer.from(salt, 'base64'),
    Number(iterations),
    32,
    'sha256',
  );
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  return createHash('sha256').update(clientKey).digest('base64') === storedKey;
}

function writesSince(fromSeq: number): string[] {
  return env.emulator
    .log()
    .filter((e) => e.seq > fromSeq && e.category === 'write')
    .map((e) => `${e.method} ${e.route ?? e.path}`);
}

describe(
  'issue 11 row 6: two provisions started 0.3 s apart on an empty Metabase',
  { timeout: 300_000 },
  () => {
    it('makes exactly one set of objects: the second waits for the first, then has nothing to do', async () => {
      const before = await outsideReporting();
      // A cold run takes 20-60 s on a loaded 2-core machine: a lock timeout that outlasts it.
      const first = env.cli(['provision', '--lock-timeout', '300']);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const second = env.cli(['provision', '--lock-timeout', '300']);
      const runs = await Promise.all([first, second]);
      for (const run of runs) expect(run.exitCode, transcript(run)).toBe(0);

      const worker = runs.filter((r) => r.out.includes('Applied:'));
      const waiter = runs.filter((r) => r.out.includes('Nothing to do'));
      expect(worker, runs.map(transcript).join('\n')).toHaveLength(1);
      expect(waiter, runs.map(transcript).join('\n')).toHaveLength(1);
      expect(waiter[0]?.err).toMatch(
        /another dtx-reports run holds the lock \(dtx-reports provision \(pid \d+ on .+\), PostgreSQL backend \d+, started .+\); waiting up to 300 s/,
      );
      expect(waiter[0]?.out).toMatch(/Metabase requests: \d+ reads, 0 writes/);
      await expectNoDuplicates();
      expect(await outsideReporting()).toBe(before);

      const plan = await env.cli(['plan']);
      expect(plan.exitCode).toBe(0);
      expect(plan.out).toContain('No changes.');
      expect(plan.out).not.toMatch(/carries the key|in progress/);
    }, 400_000);
  },
);

describe('issue 11 row 7: secret rotation', { timeout: 300_000 }, () => {
  // The password startE2eEnvironment gives the role (its REPORTING_DB_PASSWORD).
  const original = 'E2e-reporting-Passw0rd';

  it('sends a changed REPORTING_DB_PASSWORD to Metabase in the same run, and says so without showing it', async () => {
    const rotated = 'Rotated-reporting-Passw0rd-2';
    const plan = await env.cli(['plan'], { REPORTING_DB_PASSWORD: rotated });
    expect(plan.exitCode, transcript(plan)).toBe(0);
    expect(plan.out).toContain('password changed (not shown)');
    expect(plan.out).not.toContain(rotated);

    const run = await env.cli(['provision'], { REPORTING_DB_PASSWORD: rotated });
    expect(run.exitCode, transcript(run)).toBe(0);
    expect(`${run.out}${run.err}`).not.toContain(rotated);
    expect(await roleAcceptsPassword(env.role, rotated)).toBe(true);
    expect(await roleAcceptsPassword(env.role, original)).toBe(false);
    expect(storedConnection()['password']).toBe(rotated);
    expect(writesSince(run.fromSeq)).toEqual(['PUT /api/database/:id']);

    const again = await env.cli(['provision'], { REPORTING_DB_PASSWORD: rotated });
    expect(again.exitCode, transcript(again)).toBe(0);
    expect(again.out).toContain('Nothing to do');
    expect(writesSince(again.fromSeq)).toEqual([]);
    await expectNoDuplicates();
  });

  it('sends a password a DBA changed by hand, once REPORTING_DB_PASSWORD has it', async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`ALTER ROLE ${env.role} PASSWORD '${original}'`);
    } finally {
      await admin.end();
    }
    const run = await env.cli(['provision']);
    expect(run.exitCode, transcript(run)).toBe(0);
    expect(run.out).toContain('password changed (not shown)');
    expect(storedConnection()['password']).toBe(original);
    expect(writesSince(run.fromSeq)).toEqual(['PUT /api/database/:id']);
    const again = await env.cli(['provision']);
    expect(writesSince(again.fromSeq)).toEqual([]);
  });

  it('--rotate-secrets sends the reporting and the SMTP password again, where nothing can compare them', async () => {
    const smtp = {
      MB_EMAIL_SMTP_HOST: 'smtp.example.com',
      MB_EMAIL_SMTP_PORT: '587',
      MB_EMAIL_SMTP_SECURITY: 'starttls',
      MB_EMAIL_SMTP_USERNAME: 'reports',
    };
    const first = await env.cli(['provision'], {
      ...smtp,
      MB_EMAIL_SMTP_PASSWORD: 'smtp-secret-1',
    });
    expect(first.exitCode, transcript(first)).toBe(0);
    expect(env.emulator.state.settings.get('email-smtp-password')).toBe('smtp-secret-1');

    const changed = { ...smtp, MB_EMAIL_SMTP_PASSWORD: 'smtp-secret-2' };
    // A write-only value cannot be compared: without the flag the plan has nothing to do.
    const plain = await env.cli(['plan'], changed);
    expect(plain.out).toContain('No changes.');

    const plan = await env.cli(['plan', '--rotate-secrets'], changed);
    expect(plan.out).toContain('SMTP password sent again: --rotate-secrets (not shown)');
    expect(plan.out).toContain('password sent again: --rotate-secrets (not shown)');
    const run = await env.cli(['provision', '--rotate-secrets'], changed);
    expect(run.exitCode, transcript(run)).toBe(0);
    expect(`${run.out}${run.err}`).not.toMatch(/smtp-secret|Passw0rd/);
    expect(env.emulator.state.settings.get('email-smtp-password')).toBe('smtp-secret-2');
    expect(storedConnection()['password']).toBe(original);
    expect(writesSince(run.fromSeq).sort()).toEqual(['PUT /api/database/:id', 'PUT /api/email']);

    const again = await env.cli(['provision'], changed);
    expect(again.out).toContain('Nothing to do');
    expect(writesSince(again.fromSeq)).toEqual([]);
    await expectNoDuplicates();
  });
});

describe('issue 11 row 10: the reporting role is least privilege', { timeout: 300_000 }, () => {
  it('cannot create temporary tables or functions, and has statement and idle limits', async () => {
    const reader = new pg.Client({ connectionString: env.reportingUrl });
    reader.on('error', () => undefined);
    await reader.connect();
    try {
      await expect(reader.query('CREATE TEMP TABLE mine (x int)')).rejects.toThrow(
        /read-only transaction/,
      );
      await expect(
        reader.query(`CREATE FUNCTION pg_temp.mine() RETURNS int LANGUAGE sql AS 'SELECT 1'`),
      ).rejects.toThrow(/read-only transaction/);
      await expect(reader.query('CREATE TABLE public.mine (x int)')).rejects.toThrow(
        /read-only transaction|permission denied/,
      );
      expect((await reader.query('SHOW statement_timeout')).rows[0]).toEqual({
        statement_timeout: '1min',
      });
      expect((await reader.query('SHOW idle_in_transaction_session_timeout')).rows[0]).toEqual({
        idle_in_transaction_session_timeout: '1min',
      });
      const rows = await reader.query('SELECT count(*) FROM reporting.base_record');
      expect(Number(rows.rows[0]?.count)).toBeGreaterThan(0);
    } finally {
      await reader.end();
    }
  });

  it('says in the plan what PUBLIC still gives the role, with what a DBA must run', async () => {
    const plan = await env.cli(['plan']);
    expect(plan.exitCode, transcript(plan)).toBe(0);
    expect(plan.out).toContain(
      `warning: ${env.role} can create temporary tables in ${env.db.name} (PostgreSQL grants TEMPORARY to PUBLIC); a DBA should run: REVOKE TEMPORARY ON DATABASE ${env.db.name} FROM PUBLIC;`,
    );
    expect(plan.out).toMatch(
      // Every database of the cluster but its own: `postgres` at least (the list shows five).
      new RegExp(`warning: ${env.role} can connect to \\d+ other databases? \\(\\w`),
    );
    expect(plan.out).toContain('REVOKE CONNECT ON DATABASE <name> FROM PUBLIC;');
  });

  it('keeps CONNECT on its own database when a DBA revokes what PUBLIC had, and the warning goes', async () => {
    await env.db.pool.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${env.db.name} FROM PUBLIC`);
    const run = await env.cli(['provision']);
    expect(run.exitCode, transcript(run)).toBe(0);
    expect(run.out).toContain(`CONNECT ON DATABASE ${env.db.name}`);
    expect(run.out).not.toContain('can create temporary tables');
    const reader = new pg.Client({ connectionString: env.reportingUrl });
    await reader.connect();
    await reader.end();
    const again = await env.cli(['provision']);
    expect(again.out).toContain('Nothing to do');
  });

  it('applies configured limits, and a second run changes nothing', async () => {
    const run = await env.cli(['provision', '--reporting-statement-timeout', '30']);
    expect(run.exitCode, transcript(run)).toBe(0);
    expect(run.out).toContain('statement_timeout=30s');
    const reader = new pg.Client({ connectionString: env.reportingUrl });
    await reader.connect();
    try {
      expect((await reader.query('SHOW statement_timeout')).rows[0]).toEqual({
        statement_timeout: '30s',
      });
    } finally {
      await reader.end();
    }
    const bad = await env.cli(['plan', '--reporting-statement-timeout', '0']);
    expect(bad.exitCode).toBe(1);
    expect(bad.err).toContain('--reporting-statement-timeout must be a whole number of seconds');
    const back = await env.cli(['provision']);
    expect(back.out).toContain('statement_timeout=60s');
    expect((await env.cli(['provision'])).out).toContain('Nothing to do');
  });

  it('refuses system schemas as the target schema, in generate and in provision', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'dtx-system-schema-'));
    try {
      for (const schema of ['information_schema', 'pg_catalog', 'pg_toast', 'public']) {
        const generated = await env.cli(['generate', '--target-schema', schema, '--out', out]);
        expect(generated.exitCode, transcript(generated)).toBe(1);
        expect(generated.err).toContain(`"${schema}" cannot hold the reporting views`);
      }
      expect(await readdir(out)).toEqual([]);

      // The committed files, edited to put every view in information_schema.
      for (const folder of ['views', 'questions', 'dashboards']) {
        await cp(path.join(projectRoot, folder), path.join(out, folder), { recursive: true });
      }
      const viewsDir = path.join(out, 'views');
      for (const entry of await readdir(viewsDir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !entry.name.endsWith('.sql')) continue;
        const file = path.join(entry.parentPath, entry.name);
        await writeFile(
          file,
          (await readFile(file, 'utf8')).replaceAll('reporting.', 'information_schema.'),
        );
      }
      const before = await outsideReporting();
      const run = await env.cli(['provision', '--from', out]);
      expect(run.exitCode, transcript(run)).toBe(1);
      expect(run.err).toContain(
        'the view files target schema "information_schema" cannot hold the reporting views',
      );
      expect(writesSince(run.fromSeq)).toEqual([]);
      expect(await outsideReporting()).toBe(before);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
    await expectNoDuplicates();
  });
});
