import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateQuestionSql } from '../../../src/observe/postgres/validate-question-sql.ts';
import type { DesiredQuestion, TemplateTag } from '../../../src/desired/metabase/model.ts';
import { InputError } from '../../../src/errors.ts';
import { existsSync } from 'node:fs';
import pg from 'pg';
import {
  adminUrl,
  createScratchDatabase,
  type ScratchDatabase,
} from '../../support/scratch-database.ts';

let db: ScratchDatabase;
// Cluster-wide, so unique per run.
const role = `dtx_validate_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  db = await createScratchDatabase('dtx_validate');
  await db.pool.query(`CREATE SCHEMA reporting;
    CREATE VIEW reporting.r AS SELECT 1::bigint AS service_org_id, 1003 AS service_org_legacy_id, 'x'::text AS "Account Name";
    CREATE TABLE public.canary (secret text); INSERT INTO public.canary VALUES ('s');
    CREATE ROLE ${role} NOLOGIN;
    GRANT USAGE ON SCHEMA reporting TO ${role};
    GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO ${role};`);
});
afterAll(async () => {
  await db.drop();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

const customer: TemplateTag = {
  name: 'customer',
  id: 'c',
  displayName: 'Customer',
  required: true,
  type: 'number',
  default: 1003,
};

function question(key: string, sql: string, tags: readonly TemplateTag[] = []): DesiredQuestion {
  return {
    key: `question:${key}`,
    name: key,
    description: '',
    collection: 'collection:root',
    display: 'table',
    sql,
    templateTags: tags,
    visualizationSettings: { column_settings: {} },
  };
}

function filterOn(column: string): TemplateTag {
  return {
    name: 'service_org',
    id: 's',
    displayName: 'Service org',
    required: false,
    type: 'dimension',
    dimension: { schema: 'reporting', view: 'r', column },
    widgetType: 'number/=',
  };
}

async function check(questions: readonly DesiredQuestion[]): Promise<unknown> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    return await validateQuestionSql(client, questions, { role }).catch((error: unknown) => error);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

describe('validateQuestionSql', () => {
  it('accepts questions that plan against the views, with defaults and optional filters', async () => {
    const ok = [
      question(
        'a',
        'SELECT "Account Name" FROM reporting.r WHERE service_org_legacy_id = {{customer}}',
        [customer],
      ),
      question('b', 'SELECT "Account Name" FROM reporting.r [[WHERE {{service_org}}]]', [
        filterOn('service_org_id'),
      ]),
    ];
    expect(await check(ok)).toBeUndefined();
  });

  it('reports every broken question at once: bad SQL, a missing filter column, a required value missing', async () => {
    const error = await check([
      question('bad-sql', 'SELECT "No Such Column" FROM reporting.r'),
      question('bad-filter', 'SELECT 1 FROM reporting.r [[WHERE {{service_org}}]]', [
        filterOn('gone'),
      ]),
      question('no-value', 'SELECT 1 FROM reporting.r WHERE service_org_legacy_id = {{customer}}', [
        { ...customer, default: null },
      ]),
      question('fine', 'SELECT 1 FROM reporting.r'),
    ]);
    expect(error).toBeInstanceOf(InputError);
    const details = (error as InputError).details.join('\n');
    expect(details).toContain('question:bad-sql');
    expect(details).toContain('"No Such Column" does not exist');
    expect(details).toContain('question:bad-filter');
    expect(details).toContain('reporting.r."gone" does not exist');
    expect(details).toContain('question:no-value');
    expect(details).not.toContain('question:fine');
  });

  it('checks every question after a failing one, and leaves the transaction usable', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const error: unknown = await validateQuestionSql(
        client,
        [
          question('first-bad', 'SELECT "Gone 1" FROM reporting.r'),
          question('fine', 'SELECT 1 FROM reporting.r'),
          question('second-bad', 'SELECT "Gone 2" FROM reporting.r'),
          question('third-bad', 'SELECT 1 FROM reporting.missing'),
        ],
        { role },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      const details = (error as InputError).details;
      expect(details).toHaveLength(3);
      expect(details[0]).toContain('"Gone 1" does not exist');
      expect(details[1]).toContain('"Gone 2" does not exist');
      expect(details[2]).toContain('"reporting.missing" does not exist');
      expect(details.join('\n')).not.toContain('current transaction is aborted');
      // The caller's transaction goes on (the views transaction rolls back or commits after).
      const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
      await validateQuestionSql(client, [question('fine', 'SELECT 1 FROM reporting.r')], { role });
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  // The parse check (src/desired/sql-safety/) stops these when the files are read; called
  // directly here, the EXPLAIN itself must still refuse them: the second and third walls.
  describe('behind the parse check', () => {
    const canaryRows = async (): Promise<number> =>
      (await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM public.canary')).rows[0]?.n ===
      '1'
        ? 1
        : 0;

    it('never runs a second statement (extended protocol): the canary table survives', async () => {
      const error = await check([
        question('smuggled', 'SELECT 1 FROM reporting.r; DROP TABLE public.canary'),
        question('deleted', 'SELECT 1 FROM reporting.r; DELETE FROM public.canary'),
      ]);
      expect(error).toBeInstanceOf(InputError);
      const details = (error as InputError).details.join('\n');
      expect(details).toContain('question:smuggled');
      expect(details).toContain('cannot insert multiple commands into a prepared statement');
      expect(await canaryRows()).toBe(1);
    });

    it('runs no shell command through COPY … TO PROGRAM', async () => {
      const marker = `/tmp/dtx-validate-${randomBytes(4).toString('hex')}`;
      const error = await check([
        question(
          'copy',
          `SELECT 1 FROM reporting.r; COMMIT; COPY (SELECT 1) TO PROGRAM 'touch ${marker}'; BEGIN`,
        ),
      ]);
      expect(error).toBeInstanceOf(InputError);
      expect(existsSync(marker)).toBe(false);
    });

    it('EXPLAINs as the reporting role, so what it cannot read does not pass, then returns to the admin role', async () => {
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        const error: unknown = await validateQuestionSql(
          client,
          [
            question('reads-public', 'SELECT secret FROM public.canary'),
            question('fine', 'SELECT 1 FROM reporting.r'),
            question(
              'reads-public-2',
              "SELECT (SELECT string_agg(secret, ',') FROM public.canary) FROM reporting.r",
            ),
          ],
          { role },
        ).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InputError);
        const details = (error as InputError).details;
        expect(details).toHaveLength(2);
        expect(details[0]).toContain('question:reads-public');
        expect(details[0]).toContain('permission denied for table canary');
        expect(details[1]).toContain('question:reads-public-2');
        const { rows } = await client.query<{ user: string }>('SELECT current_user AS user');
        expect(rows[0]?.user).not.toBe(role);
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    });

    it('says what to do when the reporting role cannot be taken on', async () => {
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        const error: unknown = await validateQuestionSql(
          client,
          [question('fine', 'SELECT 1 FROM reporting.r')],
          { role: `${role}_missing` },
        ).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).message).toContain(`as the reporting role ${role}_missing`);
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    });
  });
});
