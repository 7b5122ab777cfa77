import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateQuestionSql } from '../../../src/observe/postgres/validate-question-sql.ts';
import type { DesiredQuestion, TemplateTag } from '../../../src/desired/metabase/model.ts';
import { InputError } from '../../../src/errors.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../support/scratch-database.ts';

let db: ScratchDatabase;

beforeAll(async () => {
  db = await createScratchDatabase('dtx_validate');
  await db.pool.query(`CREATE SCHEMA reporting;
    CREATE VIEW reporting.r AS SELECT 1::bigint AS service_org_id, 1003 AS service_org_legacy_id, 'x'::text AS "Account Name"`);
});
afterAll(async () => db.drop());

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
    return await validateQuestionSql(client, questions).catch((error: unknown) => error);
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
      const error: unknown = await validateQuestionSql(client, [
        question('first-bad', 'SELECT "Gone 1" FROM reporting.r'),
        question('fine', 'SELECT 1 FROM reporting.r'),
        question('second-bad', 'SELECT "Gone 2" FROM reporting.r'),
        question('third-bad', 'SELECT 1 FROM reporting.missing'),
      ]).catch((e: unknown) => e);
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
      await validateQuestionSql(client, [question('fine', 'SELECT 1 FROM reporting.r')]);
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
