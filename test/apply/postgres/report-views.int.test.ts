import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateViews, type ViewGeneration } from '../../../src/translate/views/generate-views.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../support/scratch-database.ts';
import { craftedExport as legacy } from '../../translate/views/crafted-export.ts';
import { fixtureSql } from './fixture-data.ts';
import {
  referenceSchemaSql,
  shippedBaseTemplate,
  shippedCatalog,
  utcClient,
} from './views-support.ts';

/**
 * Report views over the crafted records: legacy column order, unique labels (quotes, %, &,
 * non-ASCII), aggregate grouping, the day-count column, and the filter columns.
 */
let db: ScratchDatabase;
let client: pg.Client;
let generation: ViewGeneration;

beforeAll(async () => {
  db = await createScratchDatabase('dtx_reports');
  client = await utcClient(db.url);
  await client.query(referenceSchemaSql());
  await client.query('CREATE SCHEMA reporting');
  await client.query(fixtureSql);
  generation = generateViews({
    legacy,
    catalog: shippedCatalog(),
    baseTemplate: shippedBaseTemplate(),
    sourceSchema: 'public',
    targetSchema: 'reporting',
  });
  for (const file of generation.files) await client.query(file.content);
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

async function viewColumns(view: string): Promise<string[]> {
  const result = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'reporting' AND table_name = $1 ORDER BY ordinal_position`,
    [view],
  );
  return result.rows.map((r) => r.column_name);
}

describe('report views', () => {
  it('orders columns like report_definition, with unique labels, then the filter columns', async () => {
    expect(await viewColumns('test_plain')).toEqual([
      'Account Name',
      'COI Expiring Within N Days',
      'Status',
      'Status (2)',
      "Owner's Name",
      'Primary & Non-Contributory',
      'Größe – naïve 名前',
      'COI Received',
      'service_org_id',
      'service_org_legacy_id',
      'service_org_name',
      'client_id',
      'client_name',
      'report_date',
      'num_days',
    ]);
    const migrated = generation.reports.find((r) => r.legacyId === 10);
    expect(migrated?.status === 'migrated' && migrated.omitted).toEqual([
      { field: 'ph_region', reason: 'unmapped' },
      { field: 'ph_legacy_score', reason: 'retired' },
      { field: '#99999', reason: 'unknown_field_id' },
      { field: 'ph_name', reason: 'duplicate' },
    ]);
  });

  it('exposes the day count as a column the question filters on', async () => {
    const rows = async (days: number) =>
      (
        await client.query<{
          name: string;
          soon: boolean | null;
          date: string | null;
          org: string;
        }>(
          `SELECT "Account Name" AS name, "COI Expiring Within N Days" AS soon, report_date::text AS date,
                  service_org_legacy_id::text AS org
             FROM reporting.test_plain WHERE num_days = $1 ORDER BY 1`,
          [days],
        )
      ).rows;
    // Rich Roofing expires in 20 days, Nearly Nails in 3, Expired Electric 5 days ago, Bare has none.
    expect((await rows(7)).map((r) => [r.name, r.soon])).toEqual([
      ['Bare Builders', null],
      ['Expired Electric', false],
      ['Nearly Nails', true],
      ['Rich Roofing', false],
    ]);
    expect((await rows(30)).map((r) => r.soon)).toEqual([null, false, true, true]);
    expect((await rows(2)).map((r) => r.soon)).toEqual([null, false, false, false]);
    const all = await client.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM reporting.test_plain',
    );
    expect(all.rows[0]?.n).toBe(String(4 * 367));
  });

  it('lets Postgres push the day count and the service org down (no cost for the 367 day counts)', async () => {
    const plan = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT * FROM reporting.test_plain WHERE num_days = 7 AND service_org_legacy_id = 1001`,
    );
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Function Scan on generate_series n[\s\S]*Filter: \(num_days = 7\)/);
    expect(text).toMatch(/Index Cond: \(legacy_customer_id = 1001\)/);
    const aggregatePlan = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT * FROM reporting.test_by_org WHERE num_days = 30 AND service_org_id = 10`,
    );
    const aggregateText = aggregatePlan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(aggregateText).toMatch(/Filter: \(num_days = 30\)/);
    expect(aggregateText).toMatch(/Index Cond: \(parent_id = 10\)|Index Cond: \(id = 10\)/);
  });

  it('groups aggregate reports by their plain fields and the service org', async () => {
    const result = await client.query<Record<string, string | null>>(
      `SELECT "Service Organization" AS org, "Total Accounts"::text AS total, "Compliant Accounts"::text AS compliant,
              "Non-Compliant Accounts"::text AS noncompliant, "COI Compliance %"::text AS pct,
              "Accounts Expiring Within N Days"::text AS expiring, "DOC Compliance %"::text AS doc_pct,
              "Total GL Limit"::text AS gl
         FROM reporting.test_by_org WHERE num_days = $1 ORDER BY 1`,
      [30],
    );
    expect(result.rows).toEqual([
      {
        org: 'Acme Holdings',
        total: '3',
        compliant: '1',
        noncompliant: '2',
        pct: '0.33333333333333333333',
        expiring: '2',
        doc_pct: '0.33333333333333333333',
        gl: '1000000.00',
      },
      {
        org: 'Bluewater Ltd',
        total: '1',
        compliant: '0',
        noncompliant: '1',
        pct: '0.00000000000000000000',
        expiring: '0',
        doc_pct: '0.00000000000000000000',
        gl: null,
      },
    ]);
    const tenDays = await client.query<{ expiring: string }>(
      `SELECT "Accounts Expiring Within N Days"::text AS expiring FROM reporting.test_by_org
        WHERE num_days = 10 AND service_org_legacy_id = 1001`,
    );
    expect(tenDays.rows).toEqual([{ expiring: '1' }]);
    expect(await viewColumns('test_by_org')).toEqual([
      'Service Organization',
      'Total Accounts',
      'Compliant Accounts',
      'Non-Compliant Accounts',
      'COI Compliance %',
      'Accounts Expiring Within N Days',
      'DOC Compliance %',
      'Total GL Limit',
      'service_org_id',
      'service_org_legacy_id',
      'service_org_name',
      'num_days',
    ]);
  });

  it('offers a client filter on an aggregate report only when its rows are per client', async () => {
    const byClient = await client.query<{ client: string; total: string; client_id: string }>(
      `SELECT "Client Name" AS client, "Total Accounts"::text AS total, client_id::text FROM reporting.test_by_client ORDER BY 1`,
    );
    expect(byClient.rows).toEqual([
      { client: 'Acme East', total: '2', client_id: '20' },
      { client: 'Acme West', total: '1', client_id: '21' },
      { client: 'Bluewater Docks', total: '1', client_id: '22' },
    ]);
    expect(await viewColumns('test_by_manager')).toEqual([
      'Account Manager',
      'Total Accounts',
      'service_org_id',
      'service_org_legacy_id',
      'service_org_name',
    ]);
    const byManager = await client.query<{ manager: string | null; total: string }>(
      `SELECT "Account Manager" AS manager, "Total Accounts"::text AS total FROM reporting.test_by_manager ORDER BY 1`,
    );
    expect(byManager.rows).toEqual([
      { manager: 'Ada Lovelace', total: '3' },
      { manager: null, total: '1' },
    ]);
    const view = generation.reportViews.find((v) => v.report.id === 13)?.view;
    expect(view?.filters).toEqual({
      serviceOrgId: 'service_org_id',
      serviceOrgLegacyId: 'service_org_legacy_id',
      serviceOrgName: 'service_org_name',
      clientId: null,
      clientName: null,
      date: null,
      dayCount: null,
    });
  });

  it('comments the view and every column with the legacy identity', async () => {
    const result = await client.query<{ view: string; label: string }>(
      `SELECT obj_description('reporting.test_plain'::regclass, 'pg_class') AS view,
              col_description('reporting.test_plain'::regclass, 5) AS label`,
    );
    expect(result.rows[0]?.view).toContain(
      'Legacy report 10 "Report 10" (system report, internal name "TEST-Plain")',
    );
    expect(result.rows[0]?.label).toBe(`Legacy field ph_owner (id 5, label "Owner's Name")`);
  });
});
