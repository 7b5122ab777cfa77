import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMetabaseMigration } from '../../../src/translate/metabase/desired-state.ts';
import type { DesiredQuestion } from '../../../src/desired/metabase/model.ts';
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

describe('customer questions fixed to their customer in the SQL', () => {
  const delivery = question('question:delivery:135:1003');
  const used = question('question:customer-report:135:1004');
  const names = async (sql: string) =>
    (await db.pool.query<{ 'Account Name': string }>(sql)).rows
      .map((r) => r['Account Name'])
      .sort();

  it('with the dashboard defaults (what a subscription sends) return only that customer', async () => {
    expect(await names(renderNativeQuery(delivery.sql, delivery.templateTags, {}))).toEqual([
      'Summit A',
      'Summit B',
    ]);
    expect(await names(renderNativeQuery(used.sql, used.templateTags, {}))).toEqual([
      'Bluewater A',
    ]);
  });

  it('have no customer parameter a viewer could change', () => {
    for (const q of [delivery, used]) {
      expect(q.templateTags.map((t) => t.name)).not.toContain('customer');
      expect(q.sql).not.toContain('{{customer}}');
    }
  });

  it("a viewer's filter values only narrow within the customer", async () => {
    const sql = renderNativeQuery(used.sql, used.templateTags, { client: 'Client' });
    expect(await names(sql)).toEqual(['Bluewater A']);
    const other = renderNativeQuery(used.sql, used.templateTags, { client: 'Nobody' });
    expect(await names(other)).toEqual([]);
  });

  it('every question in a customer collection reads only that customer', async () => {
    for (const q of state.questions.filter((x) => x.key.startsWith('question:customer-report:'))) {
      const id = Number(q.collection.split(':')[2]);
      const sql = renderNativeQuery(q.sql, q.templateTags, {});
      const wrapped = `SELECT count(*) AS n FROM (${sql}) AS q`;
      if (q.sql.includes('coi_not_in_compliance')) {
        const { rows } = await db.pool.query<{ n: string }>(wrapped);
        expect(Number(rows[0]?.n)).toBe(customerRows[id as 1003 | 1004].length);
      }
    }
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
