import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMetabaseMigration } from '../../../src/translate/metabase/desired-state.ts';
import type { DesiredQuestion, TemplateTag } from '../../../src/desired/metabase/model.ts';
import { renderNativeQuery } from '../../../src/desired/metabase/native-query-template.ts';
import { qualifiedNameAlways, quoteIdentAlways } from '../../../src/sql/sql-quote.ts';
import type { ReportView } from '../../../src/desired/report-view.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../support/scratch-database.ts';
import { fixtureInput } from './fixture.ts';

/**
 * The fail-closed promise on real PostgreSQL: a delivery question, rendered the way Metabase
 * renders it, can only return its customer's rows, and without a customer value it does not run.
 * Tables shaped like the report views stand in for them (the views layer is tested elsewhere).
 */

const state = buildMetabaseMigration(fixtureInput).state;
const question = (key: string): DesiredQuestion => {
  const q = state.questions.find((x) => x.key === key);
  if (q === undefined) throw new Error(`no ${key}`);
  return q;
};

function tableDdl(view: ReportView): string {
  const columns = new Map<string, string>();
  for (const c of view.columns) columns.set(c.name, c.pgType);
  const f = view.filters;
  columns.set(f.serviceOrgId, 'bigint');
  columns.set(f.serviceOrgLegacyId, 'bigint');
  columns.set(f.serviceOrgName, 'text');
  if (f.clientId !== null) columns.set(f.clientId, 'bigint');
  if (f.clientName !== null) columns.set(f.clientName, 'text');
  if (f.date !== null && !columns.has(f.date)) columns.set(f.date, 'date');
  if (f.dayCount !== null) columns.set(f.dayCount, 'integer');
  const list = [...columns].map(([name, type]) => `${quoteIdentAlways(name)} ${type}`).join(', ');
  return `CREATE TABLE ${qualifiedNameAlways(view.schema, view.name)} (${list})`;
}

let db: ScratchDatabase;
const customerRows = { 1003: ['Summit A', 'Summit B'], 1004: ['Bluewater A'] } as const;

beforeAll(async () => {
  db = await createScratchDatabase('dtx_mb_failclosed');
  await db.pool.query('CREATE SCHEMA reporting');
  for (const view of fixtureInput.views) await db.pool.query(tableDdl(view));
  await db.pool
    .query(`CREATE TABLE reporting.base_record (so_name text, ch_name text, coi_status text,
    coi_compliant boolean, coi_expired boolean, coi_expiration_date date, coi_days_to_expiration integer,
    doc_compliant boolean)`);
  await db.pool.query(`INSERT INTO reporting.base_record VALUES
    ('Summit', 'A', 'compliant', true, false, current_date + 10, 10, true),
    ('Bluewater', 'B', 'missing', false, false, NULL, NULL, false)`);
  for (const [legacyId, names] of Object.entries(customerRows)) {
    for (const name of names) {
      for (const days of [30, 60]) {
        await db.pool.query(
          `INSERT INTO reporting.coi_not_in_compliance ("Account Name", "COI Compliant", "Expires", service_org_legacy_id, service_org_name, client_name, num_days)
           VALUES ($1, false, current_date, $2, $3, 'Client', $4)`,
          [name, Number(legacyId), `Org ${legacyId}`, days],
        );
      }
    }
  }
});

afterAll(async () => {
  await db.drop();
});

const withoutDefault = (tags: readonly TemplateTag[], name: string): readonly TemplateTag[] =>
  tags.map((t) => (t.name === name && t.type !== 'dimension' ? { ...t, default: null } : t));

describe('delivery question 135 for customer 1003', () => {
  const q = question('question:delivery:135:1003');

  it("with the customer's value returns only that customer's rows", async () => {
    const sql = renderNativeQuery(q.sql, q.templateTags, { customer: 1003, num_days: 30 });
    const { rows } = await db.pool.query<{ 'Account Name': string }>(sql);
    expect(rows.map((r) => r['Account Name']).sort()).toEqual(['Summit A', 'Summit B']);
  });

  it('with the dashboard defaults (what a subscription sends) returns only that customer', async () => {
    const sql = renderNativeQuery(q.sql, q.templateTags, {});
    const { rows } = await db.pool.query<{ 'Account Name': string }>(sql);
    expect(rows.map((r) => r['Account Name']).sort()).toEqual(['Summit A', 'Summit B']);
  });

  it('with no customer value and no default does not run at all (never widens)', () => {
    expect(() =>
      renderNativeQuery(q.sql, withoutDefault(q.templateTags, 'customer'), { num_days: 30 }),
    ).toThrow("You'll need to pick a value for 'Customer (legacy id)'");
    expect(() => renderNativeQuery(q.sql, q.templateTags, { customer: [], num_days: 30 })).toThrow(
      'pick a value',
    );
  });

  it('rejects an injected condition before the database sees it', () => {
    expect(() => renderNativeQuery(q.sql, q.templateTags, { customer: '1003 OR true' })).toThrow(
      'needs a number',
    );
  });

  it('several customers make invalid SQL, which PostgreSQL rejects', async () => {
    const sql = renderNativeQuery(q.sql, q.templateTags, { customer: [1003, 1004] });
    await expect(db.pool.query(sql)).rejects.toThrow(/syntax error/);
  });

  it('another customer id selects only that customer (the restriction is real, not a constant)', async () => {
    const sql = renderNativeQuery(q.sql, q.templateTags, { customer: 1004 });
    const { rows } = await db.pool.query<{ 'Account Name': string }>(sql);
    expect(rows.map((r) => r['Account Name'])).toEqual(['Bluewater A']);
  });
});

describe('every generated question runs on PostgreSQL with its defaults', () => {
  it.each(state.questions.map((q) => [q.key, q] as const))('%s', async (_key, q) => {
    const sql = renderNativeQuery(q.sql, q.templateTags, {});
    const result = await db.pool.query(sql);
    const expected = Object.keys(q.visualizationSettings.column_settings).map(
      (k) => (JSON.parse(k) as [string, string])[1],
    );
    for (const name of expected) expect(result.fields.map((f) => f.name)).toContain(name);
  });

  it('analyst filters narrow the report question', async () => {
    const q = question('question:report:135');
    const all = await db.pool.query(renderNativeQuery(q.sql, q.templateTags, {}));
    const one = await db.pool.query(
      renderNativeQuery(q.sql, q.templateTags, { service_org: 'Org 1004' }),
    );
    expect(all.rowCount).toBe(3);
    expect(one.rows).toEqual([
      expect.objectContaining({ 'Account Name': 'Bluewater A', 'COI Compliant': 'No' }),
    ]);
  });

  it('names result columns exactly as the legacy labels, even with template syntax in them', async () => {
    const q = question('question:report:135');
    const result = await db.pool.query(renderNativeQuery(q.sql, q.templateTags, {}));
    expect(result.fields.map((f) => f.name)).toEqual(
      fixtureInput.views[0]?.columns.map((c) => c.name),
    );
  });
});
