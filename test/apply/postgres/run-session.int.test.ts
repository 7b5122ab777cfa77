import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminUrl,
  createScratchDatabase,
  type ScratchDatabase,
} from '../../support/scratch-database.ts';
import { runCli } from '../../support/run-cli.ts';
import { spawnCli } from '../../support/spawn-cli.ts';
import { referenceSchemaSql } from './views-support.ts';

/**
 * Issue 11, the operator's side of `provision --views-only` and `refresh` on real Postgres:
 * - row 5: a view set that lost its report views (the output of a damaged export) drops nothing
 *   without --prune;
 * - row 8: the CLI's session terminated (pg_terminate_backend) during the views transaction or a
 *   refresh gives one line, no "Unhandled 'error' event", no stack (the real executable in a
 *   child process, where an uncaught event would show);
 * - row 9: kill -9 during --materialize, then a re-run: Postgres ends the dead run's session
 *   within seconds (it no longer holds the run lock for as long as its statement could run);
 * - row 6's lock, without Metabase: a second run waits with a message naming the holder, for at
 *   most --lock-timeout, and goes on as soon as the holder's session ends; plan does not wait.
 * A source table locked by the test stands in for a long statement: it holds the CLI's views
 * transaction (or its REFRESH, or its CREATE MATERIALIZED VIEW) at a known point.
 */
const role = `dtx_session_${randomBytes(4).toString('hex')}`;
const password = 'Session-Passw0rd';
const sourceTable = 'public.docutrax_hierarchy_record';
const lockKey = 0x6474_7876;
let db: ScratchDatabase;
let fromDir: string;

const env = () => ({
  DATABASE_URL: db.url,
  REPORTING_DB_ROLE: role,
  REPORTING_DB_PASSWORD: password,
});
const run = (args: readonly string[]) => runCli(args, { env: env(), cwd: fromDir });

async function reportingRelations(): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<{ kind: string; n: string }>(
    `SELECT c.relkind::text AS kind, count(*)::text AS n FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'reporting' AND c.relkind IN ('v', 'm') GROUP BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}

/** Everything outside the reporting schema a run could touch: relations, their ACLs, schemas. */
async function outsideReporting(): Promise<string> {
  const { rows } = await db.pool.query<{ line: string }>(
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

/** A session of the test holding a lock the CLI will need; `release()` ends it. */
async function holdTableLock(): Promise<{ pid: number; release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: db.url });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${sourceTable} IN ACCESS EXCLUSIVE MODE`);
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
  return {
    pid: pid ?? 0,
    release: async () => {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/** The backend pid of a session of this database waiting for a lock (the CLI's). */
async function waitingSession(timeoutMs = 60_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const { rows } = await db.pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = $1 AND wait_event_type = 'Lock' AND state = 'active'`,
      [db.name],
    );
    if (rows[0]) return rows[0].pid;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no session of the CLI ever waited for the table lock');
}

async function sessionExists(pid: number): Promise<boolean> {
  const { rows } = await db.pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
  return rows.length > 0;
}

function errorLines(text: string): string[] {
  return text.split('\n').filter((l) => /^(internal )?error:/.test(l));
}

beforeAll(async () => {
  db = await createScratchDatabase('dtx_session');
  await db.pool.query(referenceSchemaSql());
  fromDir = await mkdtemp(path.join(tmpdir(), 'dtx-session-'));
  const generated = await run(['generate', '--out', fromDir]);
  expect(generated.code, generated.err).toBe(0);
});

afterAll(async () => {
  await db?.drop();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
  if (fromDir) await rm(fromDir, { recursive: true, force: true });
});

describe('issue 11 row 8: the CLI session terminated mid-run', { timeout: 300_000 }, () => {
  it('during the views transaction: one line, no stack, nothing committed', async () => {
    const before = await outsideReporting();
    const blocker = await holdTableLock();
    try {
      const cli = spawnCli(['provision', '--views-only', '--from', fromDir], { env: env() });
      const pid = await waitingSession();
      await db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
      const result = await cli.done;
      const transcript = `exit ${result.code}\n${result.err}`;
      expect(result.code, transcript).toBe(1);
      expect(errorLines(result.err), transcript).toEqual([
        'error: lost the connection to PostgreSQL during the views transaction (terminating connection due to administrator command); nothing was committed: run provision again.',
      ]);
      expect(result.err, transcript).not.toMatch(/Unhandled|\n\s+at /);
    } finally {
      await blocker.release();
    }
    expect(await reportingRelations()).toEqual({});
    expect(await outsideReporting()).toBe(before);
  });

  it('during refresh: one line, no stack, the view keeps its data', async () => {
    const provisioned = await run([
      'provision',
      '--views-only',
      '--materialize',
      'aggregates',
      '--from',
      fromDir,
    ]);
    expect(provisioned.code, provisioned.err).toBe(0);
    const blocker = await holdTableLock();
    try {
      const cli = spawnCli(['refresh', '--from', fromDir], { env: env() });
      const pid = await waitingSession();
      await db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
      const result = await cli.done;
      const transcript = `exit ${result.code}\n${result.err}`;
      expect(result.code, transcript).toBe(1);
      const lines = errorLines(result.err);
      expect(lines, transcript).toHaveLength(1);
      expect(lines[0], transcript).toMatch(
        /^error: lost the connection to PostgreSQL during the refresh of reporting\.\w+ \(terminating connection due to administrator command\); nothing was committed for it, it keeps its previous data: run refresh again\.$/,
      );
      expect(result.err, transcript).not.toMatch(/Unhandled|\n\s+at /);
    } finally {
      await blocker.release();
    }
    const again = await run(['refresh', '--from', fromDir]);
    expect(again.code, again.err).toBe(0);
  });
});

describe('issue 11 row 9: kill -9 during --materialize, then re-run', { timeout: 300_000 }, () => {
  it('the dead run stops holding the run lock within seconds, and the re-run converges', async () => {
    const live = await run(['provision', '--views-only', '--from', fromDir]);
    expect(live.code, live.err).toBe(0);
    expect((await reportingRelations())['m']).toBeUndefined();

    const blocker = await holdTableLock();
    let rerun: ReturnType<typeof run> | null = null;
    try {
      const cli = spawnCli(
        ['provision', '--views-only', '--materialize', 'aggregates', '--from', fromDir],
        { env: env() },
      );
      const dead = await waitingSession();
      const building = await db.pool.query<{ query: string }>(
        'SELECT query FROM pg_stat_activity WHERE pid = $1',
        [dead],
      );
      expect(building.rows[0]?.query).toMatch(/CREATE MATERIALIZED VIEW/);
      cli.child.kill('SIGKILL');
      await cli.done;
      const killedAt = Date.now();
      rerun = run([
        'provision',
        '--views-only',
        '--materialize',
        'aggregates',
        '--lock-timeout',
        '60',
        '--from',
        fromDir,
      ]);
      // The statement the dead client left would wait (or run) as long as the test holds the
      // table; Postgres must end that session without it.
      while ((await sessionExists(dead)) && Date.now() - killedAt < 20_000) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(await sessionExists(dead), 'the dead run still holds its session and locks').toBe(
        false,
      );
      expect(Date.now() - killedAt).toBeLessThan(15_000);
    } finally {
      await blocker.release();
    }
    const result = await rerun;
    expect(result?.code, result?.err).toBe(0);
    expect((await reportingRelations())['m']).toBeGreaterThan(0);
    const quiet = await run([
      'provision',
      '--views-only',
      '--materialize',
      'aggregates',
      '--from',
      fromDir,
    ]);
    expect(quiet.out).toContain('Nothing to do');
  });
});

describe('issue 11 row 6, the lock itself: one writer at a time', { timeout: 300_000 }, () => {
  /** A session that holds the run lock the way a provision on another machine would. */
  async function holdRunLock(): Promise<{ pid: number; client: pg.Client }> {
    const client = new pg.Client({
      connectionString: db.url,
      application_name: 'dtx-reports provision (pid 4242 on elsewhere)',
    });
    client.on('error', () => undefined);
    await client.connect();
    await client.query('SELECT pg_advisory_lock($1)', [lockKey]);
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]
      ?.pid;
    return { pid: pid ?? 0, client };
  }

  it('waits with a message naming the holder, then fails clearly after --lock-timeout', async () => {
    const holder = await holdRunLock();
    try {
      const started = Date.now();
      const result = await run([
        'provision',
        '--views-only',
        '--lock-timeout',
        '1',
        '--from',
        fromDir,
      ]);
      const elapsed = Date.now() - started;
      expect(result.code, result.err).toBe(1);
      expect(result.err).toMatch(
        new RegExp(
          `another dtx-reports run holds the lock \\(dtx-reports provision \\(pid 4242 on elsewhere\\), PostgreSQL backend ${holder.pid}, started \\d{4}-\\d\\d-\\d\\dT[\\d:]+Z\\); waiting up to 1 s`,
        ),
      );
      expect(errorLines(result.err)).toEqual([
        expect.stringMatching(
          /^error: another dtx-reports run still holds the lock after 1 s \(dtx-reports provision \(pid 4242 on elsewhere\).*\); nothing was changed\. .*--lock-timeout SECONDS\.$/,
        ),
      ]);
      expect(elapsed).toBeLessThan(10_000);

      const refresh = await run(['refresh', '--lock-timeout', '1', '--from', fromDir]);
      expect(refresh.code).toBe(1);
      expect(refresh.err).toContain('another dtx-reports run holds the lock');

      // plan reads without waiting, and says a run is under way.
      const plan = await run(['plan', '--views-only', '--from', fromDir]);
      expect(plan.code, plan.err).toBe(0);
      expect(plan.out).toContain('warning: a dtx-reports run is in progress');
    } finally {
      await holder.client.end();
    }
  });

  it('goes on as soon as the holding session is gone (a dead run does not block)', async () => {
    const holder = await holdRunLock();
    const waiting = run(['provision', '--views-only', '--from', fromDir]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await db.pool.query('SELECT pg_terminate_backend($1)', [holder.pid]);
    const result = await waiting;
    await holder.client.end().catch(() => undefined);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toContain('another dtx-reports run holds the lock');
  });

  it('rejects a lock timeout that is not a number of seconds', async () => {
    const result = await run([
      'provision',
      '--views-only',
      '--lock-timeout',
      '1e9',
      '--from',
      fromDir,
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('--lock-timeout must be a number of seconds');
  });
});

describe('issue 11 row 5: nothing managed is dropped without --prune', { timeout: 300_000 }, () => {
  it('keeps report views missing from the files, lists them, and drops them only with --prune', async () => {
    const provisioned = await run(['provision', '--views-only', '--from', fromDir]);
    expect(provisioned.code, provisioned.err).toBe(0);
    const liveBefore = (await reportingRelations())['v'] ?? 0;
    expect(liveBefore).toBe(98);

    // What generate wrote from the export with mixed line endings (issue 11, 4(b)): the base
    // layer, no report view.
    const damaged = await mkdtemp(path.join(tmpdir(), 'dtx-damaged-'));
    try {
      await cp(fromDir, damaged, { recursive: true });
      const reports = path.join(damaged, 'views', 'reports');
      for (const file of await readdir(reports)) await unlink(path.join(reports, file));
      const before = await outsideReporting();

      const plan = await run(['plan', '--views-only', '--from', damaged]);
      expect(plan.code, plan.err).toBe(0);
      expect(plan.out).toContain('no longer generated; kept (run with --prune to drop it)');
      expect(plan.out).toContain('No changes.');

      const result = await run(['provision', '--views-only', '--from', damaged]);
      expect(result.code, result.err).toBe(0);
      expect(result.out).toContain('0 dropped, 1 unchanged, 97 kept');
      expect(result.out).toContain('97 managed views are no longer generated and were kept');
      expect((await reportingRelations())['v']).toBe(98);
      expect(await outsideReporting()).toBe(before);

      const pruned = await run(['provision', '--views-only', '--prune', '--from', damaged]);
      expect(pruned.code, pruned.err).toBe(0);
      expect(pruned.out).toContain('97 dropped');
      expect((await reportingRelations())['v']).toBe(1);
    } finally {
      await rm(damaged, { recursive: true, force: true });
    }
    const restored = await run(['provision', '--views-only', '--from', fromDir]);
    expect(restored.code, restored.err).toBe(0);
  });
});
