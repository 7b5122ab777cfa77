import { describe, expect, it } from 'vitest';
import type { DesiredQuestion, TemplateTag } from '../../../src/desired/metabase/model.ts';
import { questionSqlProblems } from '../../../src/desired/sql-safety/question-sql-safety.ts';
import { loadSqlParser } from '../../../src/desired/sql-safety/sql-parser.ts';

const parser = await loadSqlParser();
const context = { parser, targetSchema: 'reporting' };

const customer: TemplateTag = {
  name: 'customer',
  id: 'c',
  displayName: 'Customer (legacy id)',
  type: 'number',
  required: true,
  default: 1003,
};
const client: TemplateTag = {
  name: 'client',
  id: 'k',
  displayName: 'Client',
  type: 'dimension',
  required: false,
  dimension: { schema: 'reporting', view: 'acct_master', column: 'client_name' },
  widgetType: 'string/=',
};

function aQuestion(sql: string, tags: readonly TemplateTag[] = [client]): DesiredQuestion {
  return {
    key: 'question:report:1',
    name: 'Account Master',
    description: '',
    collection: 'collection:root',
    display: 'table',
    sql,
    templateTags: tags,
    visualizationSettings: { column_settings: {} },
  };
}

function aDelivery(where: string): DesiredQuestion {
  return {
    ...aQuestion(
      `SELECT "Account Name"\nFROM "reporting"."acct_master"\nWHERE ${where}\n  [[AND {{client}}]]`,
      [customer, client],
    ),
    key: 'question:delivery:1:1003',
  };
}

/** The generated shape, which every attack below starts from. */
const good =
  'SELECT "Account Name"\nFROM "reporting"."acct_master"\nWHERE true\n  [[AND {{client}}]]';

const messages = (question: DesiredQuestion): string =>
  questionSqlProblems(question, context)
    .map((p) => p.message)
    .join('\n');

describe('questionSqlProblems: one read of the reporting schema, in every expansion', () => {
  it('accepts the generated shapes: a report question and a delivery question', () => {
    expect(questionSqlProblems(aQuestion(good), context)).toEqual([]);
    expect(
      questionSqlProblems(aDelivery('"service_org_legacy_id" = {{customer}}'), context),
    ).toEqual([]);
    // A semicolon inside a string or dollar quotes is text, not a second statement.
    expect(
      messages(aQuestion(`SELECT 'a;b', $x$; DROP TABLE public.canary$x$ FROM reporting.v`, [])),
    ).toBe('');
    // A WITH query may be read by name.
    expect(messages(aQuestion('WITH x AS (SELECT * FROM reporting.v) SELECT * FROM x', []))).toBe(
      '',
    );
  });

  it.each([
    [
      'row 1: a second statement appended',
      `${good}; DROP TABLE public.canary`,
      /holds 2 statements \(SELECT, DROP\)/,
    ],
    [
      'row 1: leaving the transaction to COPY … TO PROGRAM',
      `SELECT 1 FROM reporting.v; COMMIT; COPY (SELECT 1) TO PROGRAM 'touch /tmp/x'; BEGIN`,
      /holds 4 statements \(SELECT, BEGIN\/COMMIT\/ROLLBACK, COPY, BEGIN\/COMMIT\/ROLLBACK\)/,
    ],
    ['row 3: DELETE', 'DELETE FROM reporting.acct_master', /is DELETE, not a SELECT/],
    [
      'row 3: a data-modifying WITH',
      'WITH d AS (DELETE FROM reporting.acct_master RETURNING *) SELECT * FROM d',
      /WITH d AS \(DELETE …\) writes/,
    ],
    [
      'an INSERT in WITH',
      `WITH i AS (INSERT INTO public.canary VALUES ('x') RETURNING 1) SELECT * FROM i`,
      /WITH i AS \(INSERT …\) writes/,
    ],
    [
      'an UPDATE in WITH, nested in a subquery',
      `SELECT * FROM (WITH u AS (UPDATE public.canary SET note = '' RETURNING 1) SELECT * FROM u) s`,
      /WITH u AS \(UPDATE …\) writes/,
    ],
    [
      'row 3: a column reading another schema',
      `SELECT (SELECT string_agg(email, ',') FROM public.auth_user) FROM reporting.acct_master`,
      /reads public\.auth_user, outside the reporting schema reporting/,
    ],
    [
      'a statement hidden after a comment',
      `SELECT 1 FROM reporting.v /* ; */; DROP TABLE public.canary`,
      /holds 2 statements/,
    ],
    [
      'a statement after a string with a semicolon',
      `SELECT 'a;b' FROM reporting.v; DROP TABLE public.canary`,
      /holds 2 statements/,
    ],
    [
      'a statement after dollar quotes',
      `SELECT $q$;$q$ FROM reporting.v; DROP TABLE public.canary`,
      /holds 2 statements/,
    ],
    [
      'SELECT … INTO',
      'SELECT * INTO public.stolen FROM reporting.v',
      /SELECT … INTO creates a table/,
    ],
    ['FOR UPDATE', 'SELECT * FROM reporting.v FOR UPDATE', /FOR UPDATE\/SHARE locks rows/],
    [
      'FOR SHARE in a subquery',
      'SELECT * FROM (SELECT * FROM reporting.v FOR SHARE) s',
      /FOR UPDATE\/SHARE locks rows/,
    ],
    ['COPY', `COPY (SELECT 1) TO PROGRAM 'id'`, /is COPY, not a SELECT/],
    ['DO', `DO $$BEGIN DROP TABLE public.canary; END$$`, /is DO, not a SELECT/],
    ['SET', `SET ROLE postgres`, /is SET, not a SELECT/],
    [
      'pg_read_file',
      `SELECT pg_read_file('/etc/passwd') FROM reporting.v`,
      /calls pg_read_file\(\)/,
    ],
    [
      'pg_catalog.pg_read_file',
      `SELECT pg_catalog.pg_read_file('/etc/passwd')`,
      /calls pg_catalog\.pg_read_file\(\)/,
    ],
    ['set_config', `SELECT set_config('role', 'postgres', true)`, /calls set_config\(\)/],
    ['dblink', `SELECT * FROM dblink('host=x', 'DROP TABLE t') AS t(a int)`, /calls dblink\(\)/],
    ['pg_sleep', `SELECT pg_sleep(100) FROM reporting.v`, /calls pg_sleep\(\)/],
    ['lo_export', `SELECT lo_export(1, '/tmp/x')`, /calls lo_export\(\)/],
    [
      'query_to_xml (runs a query text)',
      `SELECT query_to_xml('DELETE FROM public.canary', true, true, '')`,
      /calls query_to_xml\(\)/,
    ],
    ['nextval', `SELECT nextval('public.s')`, /calls nextval\(\)/],
    [
      'an allowed name in another schema',
      `SELECT public.lower('a') FROM reporting.v`,
      /calls public\.lower\(\)/,
    ],
    [
      'an operator from another schema',
      `SELECT 1 OPERATOR(public.+) 1 FROM reporting.v`,
      /OPERATOR\(public\.\+\)/,
    ],
    [
      'TABLESAMPLE',
      `SELECT * FROM reporting.v TABLESAMPLE system (10)`,
      /TABLESAMPLE is not allowed/,
    ],
    ['an unqualified relation', 'SELECT * FROM auth_user', /reads "auth_user" without a schema/],
    [
      'a later WITH name, which resolves to the real table',
      'WITH a AS (SELECT * FROM auth_user), auth_user AS (SELECT 1) SELECT * FROM a',
      /reads "auth_user" without a schema/,
    ],
    [
      'a database-qualified relation',
      'SELECT * FROM otherdb.reporting.v',
      /qualified with a database name/,
    ],
    ['a $n of its own', 'SELECT * FROM reporting.v WHERE x = $1', /a \$n parameter is not allowed/],
    ['nothing at all', '-- nothing', /holds 0 statements/],
  ])('refuses %s', (_what, sql, expected) => {
    expect(messages(aQuestion(sql, []))).toMatch(expected);
  });

  it('refuses a second statement that appears only when an optional clause is left out', () => {
    // With {{client}} set, `--` comments the DELETE out; without it the DELETE is a statement.
    const sql = `${good.replace('[[AND {{client}}]]', '[[AND {{client}} --]]')}; DELETE FROM public.canary`;
    expect(messages(aQuestion(sql))).toMatch(
      /holds 2 statements \(SELECT, DELETE\).*\(with \{\{client\}\} unset\)/,
    );
  });

  it('refuses a second statement that appears only when an optional clause is present', () => {
    const sql = good.replace('[[AND {{client}}]]', '[[AND {{client}}; DROP TABLE public.canary]]');
    expect(messages(aQuestion(sql))).toMatch(
      /holds 2 statements .*\(with every optional filter set\)/,
    );
  });

  it('refuses a tag that Postgres would see inside a comment or a string', () => {
    expect(
      messages(aQuestion(good.replace('[[AND {{client}}]]', '[[AND true /* {{client}} */]]'))),
    ).toMatch(/\{\{client\}\} sits inside a comment or a string literal/);
    expect(
      messages(aQuestion(good.replace('[[AND {{client}}]]', "[[AND 'x{{client}}' = 'x']]"))),
    ).toMatch(/\{\{client\}\} sits inside a comment or a string literal/);
  });

  it('points at the line of the problem in the SQL', () => {
    const sql = `${good}\n; DROP TABLE public.canary`;
    const [problem] = questionSqlProblems(aQuestion(sql), context);
    const line = sql.slice(0, problem?.location ?? 0).split('\n').length;
    expect(line).toBe(5);
    // Past a [[ ]] clause the offsets are the question's, not the expansion's.
    const late = `SELECT 1 FROM reporting.v WHERE true [[AND {{client}}]]\nAND pg_sleep(1) IS NULL`;
    const [sleep] = questionSqlProblems(aQuestion(late), context);
    expect(late.slice(sleep?.location ?? 0)).toMatch(/^pg_sleep/);
  });
});

describe('the delivery filter, proven on the parse tree (fail closed)', () => {
  it.each([
    ['OR true after it (row 3)', '"service_org_legacy_id" = {{customer}} OR true'],
    ['OR inside parentheses', '("service_org_legacy_id" = {{customer}} OR true) AND true'],
    ['NOT around it', 'NOT ("service_org_legacy_id" = {{customer}})'],
    ['another column', '"service_org_id" = {{customer}}'],
    ['another comparison', '"service_org_legacy_id" >= {{customer}}'],
    ['the customer compared with itself', '{{customer}} = {{customer}}'],
    ['a constant instead of the tag', '"service_org_legacy_id" = 1003 AND {{customer}} = 1003'],
  ])('refuses %s', (_what, where) => {
    expect(messages(aDelivery(where))).toMatch(
      /must keep "service_org_legacy_id" = \{\{customer\}\}/,
    );
  });

  it('refuses the equality inside [[ ]]', () => {
    const question = {
      ...aDelivery('true'),
      sql: 'SELECT 1 FROM "reporting"."acct_master" WHERE true [[AND "service_org_legacy_id" = {{customer}}]] [[AND {{client}}]]',
    };
    expect(messages(question)).toMatch(/must keep "service_org_legacy_id" = \{\{customer\}\}/);
  });

  it.each([
    [
      'a UNION',
      'SELECT 1 FROM "reporting"."acct_master" WHERE "service_org_legacy_id" = {{customer}} UNION SELECT 1 FROM reporting.acct_master',
      /UNION/,
    ],
    [
      'a subquery over all customers',
      `SELECT (SELECT string_agg("Contact Email", ',') FROM reporting.acct_master) FROM "reporting"."acct_master" WHERE "service_org_legacy_id" = {{customer}}`,
      /a subquery is not allowed/,
    ],
    [
      'a join',
      'SELECT 1 FROM "reporting"."acct_master" a, reporting.acct_master b WHERE a."service_org_legacy_id" = {{customer}}',
      /a join or a subquery in FROM/,
    ],
    [
      'a WITH',
      'WITH x AS (SELECT * FROM reporting.acct_master) SELECT 1 FROM "reporting"."acct_master" WHERE "service_org_legacy_id" = {{customer}}',
      /WITH is not allowed/,
    ],
    [
      'the column of another relation',
      'SELECT 1 FROM "reporting"."acct_master" AS m WHERE x."service_org_legacy_id" = {{customer}}',
      /must keep/,
    ],
  ])('reads one view, once: refuses %s', (_what, sql, expected) => {
    expect(messages({ ...aDelivery('true'), sql, templateTags: [customer] })).toMatch(expected);
  });

  it('accepts the equality either way round, qualified by the view, among other AND terms', () => {
    for (const where of [
      '{{customer}} = "service_org_legacy_id"',
      '"reporting"."acct_master"."service_org_legacy_id" = {{customer}}',
      'true AND (num_days = 30 AND "service_org_legacy_id" = {{customer}})',
    ]) {
      expect(messages(aDelivery(where))).toBe('');
    }
  });
});

describe("a customer's collection: the customer fixed as a literal, proven on the parse tree", () => {
  /** A question in customer 1003's collection, as generate writes it (no customer parameter). */
  function aCustomerQuestion(where: string): DesiredQuestion {
    return {
      ...aQuestion(
        `SELECT "Account Name"\nFROM "reporting"."acct_master"\nWHERE ${where}\n  [[AND {{client}}]]`,
      ),
      key: 'question:customer-report:1:1003',
      collection: 'collection:custom:1003',
    };
  }

  it('accepts the generated shape', () => {
    expect(messages(aCustomerQuestion('"service_org_legacy_id" = 1003'))).toBe('');
    expect(messages(aCustomerQuestion('1003 = "service_org_legacy_id" AND true'))).toBe('');
  });

  it.each([
    // A line-based check reads this as a top-level `WHERE … = 1003` line and lets it through.
    ['OR true on the next line', '"service_org_legacy_id" = 1003\n  OR true'],
    ['OR inside parentheses', '("service_org_legacy_id" = 1003 OR true) AND true'],
    ['NOT around it', 'NOT ("service_org_legacy_id" = 1003)'],
    ["another customer's id", '"service_org_legacy_id" = 1004'],
    ['another column', '"service_org_id" = 1003'],
    ['a string instead of the number', `"service_org_legacy_id" = '1003'`],
    ['no restriction at all', 'true'],
  ])('refuses %s', (_what, where) => {
    expect(messages(aCustomerQuestion(where))).toMatch(
      /must keep "service_org_legacy_id" = 1003 as an AND term/,
    );
  });

  it('refuses a custom report that joins another view', () => {
    const question = {
      ...aCustomerQuestion('true'),
      sql: 'SELECT 1 FROM "reporting"."acct_master" a, reporting.acct_master b WHERE a."service_org_legacy_id" = 1003',
    };
    expect(messages(question)).toMatch(/a join or a subquery in FROM/);
  });
});
