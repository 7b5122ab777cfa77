import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBaseView } from '../../../src/translate/views/base-layer.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../support/scratch-database.ts';
import { fixtureSql } from './fixture-data.ts';
import {
  dayOffset,
  referenceSchemaSql,
  shippedBaseTemplate,
  shippedCatalog,
  utcClient,
} from './views-support.ts';

/**
 * Every non-aggregate field of FIELDS.md, computed by the base view over crafted records, against
 * values written by hand here. Text comparison (`::text`) keeps types honest: 1000000.00 is a
 * numeric with its scale, dates are dates, timestamps are UTC timestamptz.
 */
let db: ScratchDatabase;
let client: pg.Client;
let today = '';
const d = (days: number) => dayOffset(today, days);
const ts = (days: number) => `${dayOffset(today, days)} 12:00:00+00`;
const base = renderBaseView(shippedBaseTemplate(), {
  sourceSchema: 'public',
  targetSchema: 'reporting',
});

beforeAll(async () => {
  db = await createScratchDatabase('dtx_base');
  client = await utcClient(db.url);
  await client.query(referenceSchemaSql());
  await client.query('CREATE SCHEMA reporting');
  await client.query(base.sql);
  await client.query(fixtureSql);
  today =
    (await client.query<{ today: string }>('SELECT current_date::text AS today')).rows[0]?.today ??
    '';
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

async function recordRow(id: number): Promise<Record<string, string | null>> {
  const columns = await baseColumns();
  const select = columns.map((c) => `${c}::text AS ${c}`).join(', ');
  const result = await client.query<Record<string, string | null>>(
    `SELECT ${select} FROM reporting.base_record WHERE ph_id = $1`,
    [id],
  );
  expect(result.rowCount).toBe(1);
  return result.rows[0] ?? {};
}

async function baseColumns(): Promise<string[]> {
  const result = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'reporting' AND table_name = 'base_record' ORDER BY ordinal_position`,
  );
  return result.rows.map((r) => r.column_name);
}

const noCustom = Object.fromEntries(
  Array.from({ length: 15 }, (_, i) => [`ph_custom_${i + 1}`, null]),
);

describe('reporting.base_record', () => {
  it('has one row per record, for every record', async () => {
    const result = await client.query('SELECT ph_id FROM reporting.base_record ORDER BY ph_id');
    expect(result.rows.map((r: { ph_id: string }) => r.ph_id)).toEqual([
      '100',
      '101',
      '102',
      '103',
    ]);
  });

  it('computes every field for a record with everything (several alerts, coverage lines, documents)', async () => {
    const expected: Record<string, string | null> = {
      so_id: '10',
      so_legacy_id: '1001',
      so_name: 'Acme Holdings',
      so_status: 'active',
      so_industry: 'Construction',
      so_account_manager: 'Ada Lovelace',
      so_create_time: '2020-01-15',
      ch_id: '20',
      ch_name: 'Acme East',
      ch_status: 'active',
      ch_create_time: '2020-02-01',
      ch_inactivated_time: null,
      ch_record_count: '2',
      ph_id: '100',
      ph_name: 'Rich Roofing',
      ph_status: 'active',
      ph_vendor_code: 'V-1',
      ph_tax_id: '12-345',
      ph_contact_name: 'Jane Roe',
      ph_owner: 'Jane Roe',
      ph_status_label: 'active',
      ph_address_1: '1 Main St',
      ph_address_2: 'Suite 2',
      ph_city: 'Springfield',
      ph_state: 'IL',
      ph_zip: '62701',
      ph_country: 'US',
      ph_full_address: '1 Main St, Suite 2, Springfield, IL, 62701',
      ph_contact_email: 'jane@rich.example',
      ph_phone: '555-0100',
      ph_fax: null,
      ph_create_time: ts(-40),
      ph_last_update: ts(-1),
      ph_activated_time: d(-39),
      ph_inactivated_time: null,
      ph_age_days: '40',
      ph_on_hold: 'true',
      ph_exempt: 'false',
      ...noCustom,
      ph_custom_1: 'alpha',
      ph_custom_15: 'omega',
      // The current certificate, not the old expired one.
      coi_status: 'compliant',
      coi_status_short: 'compliant',
      coi_compliant: 'true',
      coi_received_date: d(-10),
      coi_received_between: d(-10),
      coi_reviewed_date: d(-9),
      coi_effective_date: d(-100),
      coi_expiration_date: d(20),
      coi_expiration_us: d(20),
      coi_days_to_expiration: '20',
      coi_expired: 'false',
      coi_risk_profile: 'Standard COI',
      coi_deficiency_count: '1', // one unresolved on the current certificate; resolved and old ones do not count
      coi_alert_date: d(-20), // the latest of two first alerts
      coi_second_alert_date: d(-15),
      coi_final_alert_date: null,
      doc_status: 'pending', // compliant + pending current documents; the missing one is not current
      doc_compliant: 'false',
      doc_received_date: d(-6),
      doc_expiration_date: d(10),
      doc_days_to_expiration: '10',
      doc_risk_profile: 'Doc Profile', // the lowest-id current document has no profile; the next has
      doc_missing_count: '0',
      doc_count: '2',
      doc_alert_date: d(-12),
      gl_limit: '1000000.00', // the general liability line with the lowest id
      gl_aggregate: '2000000.00',
      gl_expiration: d(20),
      auto_limit: '500000.00',
      auto_expiration: d(30),
      umbrella_limit: '3000000.00',
      umbrella_expiration: d(40),
      wc_expiration: d(50),
      waiver_of_subrogation: 'true',
      additional_insured: 'true',
      primary_non_contributory: 'false', // only the old certificate had it
      extraction_confidence: '0.7500', // latest done extraction; the later failed one is ignored
      notifications_sent: '6',
      last_notification_date: ts(-3),
      days_since_notification: '3',
      last_ping_date: ts(-3),
      last_ping_response: ts(-7),
      ping_responded: 'true',
      broker_name: 'Bob Broker',
      broker_agency: 'Broker & Sons',
      broker_email: 'bob@broker.example',
      broker_phone: '555-0199',
      carrier_name: 'Zurich', // from the general liability line, although the auto line has a lower id
      carrier_am_best: 'A',
      carrier_naic: '16535',
    };
    // The expectation covers every column of the view: a new column needs a hand-written value.
    expect(Object.keys(expected).sort()).toEqual((await baseColumns()).sort());
    expect(await recordRow(100)).toEqual(expected);
  });

  it('gives counts 0, flags false and the rest NULL for a record with nothing attached', async () => {
    expect(await recordRow(101)).toEqual({
      so_id: '10',
      so_legacy_id: '1001',
      so_name: 'Acme Holdings',
      so_status: 'active',
      so_industry: 'Construction',
      so_account_manager: 'Ada Lovelace',
      so_create_time: '2020-01-15',
      ch_id: '20',
      ch_name: 'Acme East',
      ch_status: 'active',
      ch_create_time: '2020-02-01',
      ch_inactivated_time: null,
      ch_record_count: '2',
      ph_id: '101',
      ph_name: 'Bare Builders',
      ph_status: 'pending',
      ph_vendor_code: null,
      ph_tax_id: null,
      ph_contact_name: null,
      ph_owner: null,
      ph_status_label: 'pending',
      ph_address_1: null,
      ph_address_2: '',
      ph_city: 'Shelbyville',
      ph_state: null,
      ph_zip: null,
      ph_country: null,
      ph_full_address: 'Shelbyville', // empty and missing parts are left out
      ph_contact_email: null,
      ph_phone: null,
      ph_fax: null,
      ph_create_time: ts(-5),
      ph_last_update: ts(-5),
      ph_activated_time: null,
      ph_inactivated_time: d(-2),
      ph_age_days: '5',
      ph_on_hold: 'false',
      ph_exempt: 'true',
      ...noCustom,
      coi_status: 'missing',
      coi_status_short: 'missing',
      coi_compliant: 'false',
      coi_received_date: null,
      coi_received_between: null,
      coi_reviewed_date: null,
      coi_effective_date: null,
      coi_expiration_date: null,
      coi_expiration_us: null,
      coi_days_to_expiration: null,
      coi_expired: null,
      coi_risk_profile: null,
      coi_deficiency_count: '0',
      coi_alert_date: null,
      coi_second_alert_date: null,
      coi_final_alert_date: null,
      doc_status: 'none',
      doc_compliant: 'false',
      doc_received_date: null,
      doc_expiration_date: null,
      doc_days_to_expiration: null,
      doc_risk_profile: 'None',
      doc_missing_count: '0',
      doc_count: '0',
      doc_alert_date: null,
      gl_limit: null,
      gl_aggregate: null,
      gl_expiration: null,
      auto_limit: null,
      auto_expiration: null,
      umbrella_limit: null,
      umbrella_expiration: null,
      wc_expiration: null,
      waiver_of_subrogation: 'false',
      additional_insured: 'false',
      primary_non_contributory: 'false',
      extraction_confidence: null,
      notifications_sent: '0',
      last_notification_date: null,
      days_since_notification: null,
      last_ping_date: null,
      last_ping_response: null,
      ping_responded: 'false',
      broker_name: null,
      broker_agency: null,
      broker_email: null,
      broker_phone: null,
      carrier_name: null,
      carrier_am_best: null,
      carrier_naic: null,
    });
  });

  it('handles an expired certificate, a missing document, no manager and no general liability line', async () => {
    const row = await recordRow(102);
    expect(row).toMatchObject({
      so_id: '11',
      so_legacy_id: '1002',
      so_name: 'Bluewater Ltd',
      so_status: 'suspended',
      so_industry: null,
      so_account_manager: null, // no manager
      so_create_time: '2021-06-01',
      ch_name: 'Bluewater Docks',
      ch_record_count: '1',
      ph_full_address: '',
      ph_custom_3: 'gamma',
      coi_status: 'expired',
      coi_compliant: 'false',
      coi_received_date: d(-380),
      coi_reviewed_date: null,
      coi_expiration_date: d(-5),
      coi_days_to_expiration: '-5',
      coi_expired: 'true',
      coi_risk_profile: null,
      coi_deficiency_count: '0',
      coi_alert_date: null,
      coi_final_alert_date: d(-100),
      doc_status: 'missing', // missing wins over expired
      doc_compliant: 'false',
      doc_received_date: d(-200),
      doc_expiration_date: d(-20),
      doc_days_to_expiration: '-20',
      doc_risk_profile: 'Other Doc Profile',
      doc_missing_count: '1',
      doc_count: '1',
      gl_limit: null,
      gl_aggregate: null,
      gl_expiration: null,
      auto_limit: '250000.00',
      auto_expiration: d(-5),
      umbrella_limit: '1000000.00',
      wc_expiration: null,
      primary_non_contributory: 'true',
      extraction_confidence: null, // only a queued extraction
      notifications_sent: '2',
      last_notification_date: ts(-90),
      days_since_notification: '90',
      last_ping_date: ts(-90),
      last_ping_response: null,
      ping_responded: 'false',
      carrier_name: 'Allstate', // no general liability line: the line with the lowest id
      carrier_am_best: 'A+',
      carrier_naic: '19232',
    });
  });

  it('reports an inactive client and an all-compliant document set', async () => {
    expect(await recordRow(103)).toMatchObject({
      ch_id: '21',
      ch_status: 'inactive',
      ch_inactivated_time: '2023-07-04',
      ch_record_count: '1',
      coi_status: 'non_compliant',
      coi_compliant: 'false',
      coi_days_to_expiration: '3',
      coi_expired: 'false',
      doc_status: 'compliant',
      doc_compliant: 'true',
      doc_risk_profile: 'Doc Profile',
      doc_count: '1',
    });
  });

  it('declares exactly the DTX 2.0 columns it reads (the list provision checks)', async () => {
    const result = await client.query<{ table: string; column: string }>(
      `SELECT DISTINCT t.relname AS table, a.attname AS column
         FROM pg_depend d
         JOIN pg_rewrite rw ON rw.oid = d.objid AND d.classid = 'pg_rewrite'::regclass
         JOIN pg_class t ON t.oid = d.refobjid AND d.refclassid = 'pg_class'::regclass
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
        WHERE rw.ev_class = 'reporting.base_record'::regclass AND d.refobjsubid > 0
          AND t.relnamespace = 'public'::regnamespace`,
    );
    const used = result.rows.map((r) => `${r.table}.${r.column}`).sort();
    const declared = base.requires.flatMap((t) => t.columns.map((c) => `${t.table}.${c}`)).sort();
    expect(declared).toEqual(used);
  });

  it('has a catalog whose every field is valid SQL over the base view, of the declared type', async () => {
    const postgresName = {
      text: 'text',
      bigint: 'bigint',
      integer: 'integer',
      numeric: 'numeric',
      date: 'date',
      timestamptz: 'timestamp with time zone',
      boolean: 'boolean',
    } as const;
    for (const field of shippedCatalog().fields.values()) {
      const days = field.usesNumDays ? ' CROSS JOIN (SELECT 30 AS num_days) AS n' : '';
      const result = await client.query<{ type: string }>(
        `SELECT pg_typeof(x)::text AS type FROM (SELECT ${field.sql} AS x FROM reporting.base_record AS b${days}) AS q LIMIT 1`,
      );
      expect(`${field.name}: ${result.rows[0]?.type}`).toBe(
        `${field.name}: ${postgresName[field.pgType]}`,
      );
    }
  });
});
