import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { demoTables } from '../../src/demo-data/demo-tables.ts';
import {
  loadDemoDataInto,
  writeDemoSqlScript,
  type DemoLoadOutcome,
  type DemoLoadRequest,
} from '../../src/demo-data/run-demo-data.ts';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { projectRoot } from '../support/shared.ts';

const run = promisify(execFile);
const exportDir = path.join(projectRoot, 'examples', 'legacy-export');
const referenceSchemaPath = path.join(projectRoot, 'db', 'dtx2-reference-schema.sql');
const records = 3_000;

function request(overrides: Partial<DemoLoadRequest> = {}): DemoLoadRequest {
  return {
    records,
    seed: 11,
    referenceDate: null,
    legacyDir: exportDir,
    schema: 'public',
    reset: false,
    createSchema: false,
    referenceSchemaPath,
    ...overrides,
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** md5 of every demo table's rows in id order: content equality seen from the database. */
async function contentHashes(pool: pg.Pool, schema = 'public'): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const table of demoTables) {
    const result = await pool.query<{ hash: string }>(
      `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY id), '')) AS hash FROM "${schema}"."${table.name}" t`,
    );
    hashes[table.name] = result.rows[0]!.hash;
  }
  return hashes;
}

async function count(pool: pg.Pool, sql: string): Promise<number> {
  const result = await pool.query<{ n: string }>(sql);
  return Number(result.rows[0]!.n);
}

describe('loading demo data into PostgreSQL', () => {
  let db: ScratchDatabase;
  let loaded: DemoLoadOutcome;

  beforeAll(async () => {
    db = await createScratchDatabase('dtx_demo');
    loaded = await withClient(db.url, (client) => loadDemoDataInto(client, request()));
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('creates the missing tables, commits (deferred foreign keys hold) and reports real row counts', async () => {
    expect(loaded.createdTables).toBe(true);
    const today = await db.pool.query<{ today: string }>('SELECT current_date::text AS today');
    expect(loaded.referenceDate).toBe(today.rows[0]!.today);
    for (const table of loaded.tables) {
      expect(await count(db.pool, `SELECT count(*) AS n FROM ${table.table}`), table.table).toBe(
        table.rows,
      );
    }
    expect(loaded.tables.find((table) => table.table === 'docutrax_hierarchy_record')?.rows).toBe(
      records,
    );
  });

  it('keeps the rules the schema states but cannot enforce', async () => {
    expect(
      await count(
        db.pool,
        `SELECT count(*) AS n FROM (SELECT record_id, document_type FROM docutrax_documents_document
          WHERE is_current GROUP BY 1, 2 HAVING count(*) > 1) d`,
      ),
    ).toBe(0);
    expect(
      await count(
        db.pool,
        `SELECT count(*) AS n FROM docutrax_documents_certificate WHERE reviewed_at < received_at`,
      ),
    ).toBe(0);
    expect(
      await count(
        db.pool,
        `SELECT count(*) AS n FROM docutrax_extraction_extraction e
          JOIN docutrax_documents_certificate c ON c.id = e.certificate_id WHERE e.created_at < c.received_at`,
      ),
    ).toBe(0);
    expect(
      await count(
        db.pool,
        `SELECT count(*) AS n FROM docutrax_documents_certificate
          WHERE effective_date >= expiration_date OR (status = 'pending') <> (reviewed_at IS NULL)`,
      ),
    ).toBe(0);
    expect(
      await count(
        db.pool,
        `SELECT count(*) AS n FROM docutrax_notifications_notification WHERE responded_at <= sent_at`,
      ),
    ).toBe(0);
    expect(
      await count(
        db.pool,
        `SELECT count(*) AS n FROM docutrax_notifications_notification WHERE sent_at >= current_date`,
      ),
    ).toBe(0);
    expect(
      await count(
        db.pool,
        `SELECT count(*) AS n FROM docutrax_hierarchy_account c JOIN docutrax_hierarchy_account p ON p.id = c.parent_id
          WHERE c.account_type <> 'client' OR p.account_type <> 'service_org'`,
      ),
    ).toBe(0);
    expect(
      await count(
        db.pool,
        `SELECT count(*) AS n FROM docutrax_hierarchy_record r JOIN docutrax_hierarchy_account a ON a.id = r.account_id
          WHERE a.account_type <> 'client'`,
      ),
    ).toBe(0);
    expect(
      await count(
        db.pool,
        `SELECT count(*) AS n FROM docutrax_hierarchy_record
          WHERE created_at > updated_at OR activated_at < created_at OR inactivated_at < activated_at
             OR inactivated_at > updated_at OR (status = 'inactive') <> (inactivated_at IS NOT NULL)`,
      ),
    ).toBe(0);
  });

  it('has a service org for every legacy customer id of the bundled export', async () => {
    const ids = new Set<number>();
    const read = (file: string, column: string) => {
      const rows: Record<string, string>[] = parse(readFileSync(path.join(exportDir, file)), {
        columns: true,
        bom: true,
      });
      for (const row of rows) {
        const value = Number(row[column]);
        if (value !== 0 && !Number.isNaN(value)) ids.add(value);
      }
    };
    read('report.csv', 'customer_id');
    read('report_master_schedule.csv', 'customer_id');
    read('report_master_log.csv', 'customer_id');
    read('report_data.csv', 'SO_ID');
    const found = await db.pool.query<{ legacy_customer_id: number }>(
      `SELECT legacy_customer_id FROM docutrax_hierarchy_account
        WHERE account_type = 'service_org' AND legacy_customer_id = ANY($1::int[])`,
      [[...ids]],
    );
    expect(found.rows.map((row) => row.legacy_customer_id).sort()).toEqual([...ids].sort());
  });

  it('contains the mixes reports are about', async () => {
    const mixes: Record<string, string> = {
      'expired current certificate': `SELECT count(*) AS n FROM docutrax_documents_certificate WHERE is_current AND expiration_date < current_date`,
      'expiring within 7 days': `SELECT count(*) AS n FROM docutrax_documents_certificate WHERE is_current AND expiration_date - current_date BETWEEN 0 AND 7`,
      'expiring in 8–30 days': `SELECT count(*) AS n FROM docutrax_documents_certificate WHERE is_current AND expiration_date - current_date BETWEEN 8 AND 30`,
      'expiring in 31–60 days': `SELECT count(*) AS n FROM docutrax_documents_certificate WHERE is_current AND expiration_date - current_date BETWEEN 31 AND 60`,
      'expiring in 61–90 days': `SELECT count(*) AS n FROM docutrax_documents_certificate WHERE is_current AND expiration_date - current_date BETWEEN 61 AND 90`,
      compliant: `SELECT count(*) AS n FROM docutrax_documents_certificate WHERE is_current AND status = 'compliant' AND expiration_date > current_date + 90`,
      'no certificate at all': `SELECT count(*) AS n FROM docutrax_hierarchy_record r WHERE NOT EXISTS (SELECT 1 FROM docutrax_documents_certificate c WHERE c.record_id = r.id)`,
      'only old certificates': `SELECT count(*) AS n FROM docutrax_hierarchy_record r WHERE EXISTS (SELECT 1 FROM docutrax_documents_certificate c WHERE c.record_id = r.id) AND NOT EXISTS (SELECT 1 FROM docutrax_documents_certificate c WHERE c.record_id = r.id AND c.is_current)`,
      'no documents': `SELECT count(*) AS n FROM docutrax_hierarchy_record r WHERE NOT EXISTS (SELECT 1 FROM docutrax_documents_document d WHERE d.record_id = r.id)`,
      'missing documents': `SELECT count(*) AS n FROM docutrax_documents_document WHERE is_current AND status = 'missing' AND received_at IS NULL`,
      'several document types': `SELECT count(*) AS n FROM (SELECT record_id FROM docutrax_documents_document WHERE is_current GROUP BY 1 HAVING count(DISTINCT document_type) >= 3) x`,
      'superseded documents': `SELECT count(*) AS n FROM docutrax_documents_document WHERE NOT is_current`,
      'four coverage lines': `SELECT count(*) AS n FROM (SELECT certificate_id FROM docutrax_coverage_coverage GROUP BY 1 HAVING count(DISTINCT coverage_type) = 4) x`,
      'coverage flags': `SELECT count(*) AS n FROM docutrax_coverage_coverage WHERE waiver_of_subrogation AND additional_insured AND primary_non_contributory`,
      'unresolved deficiencies': `SELECT count(*) AS n FROM docutrax_compliance_deficiency WHERE resolved_at IS NULL`,
      'resolved deficiencies': `SELECT count(*) AS n FROM docutrax_compliance_deficiency WHERE resolved_at IS NOT NULL`,
      'answered pings': `SELECT count(*) AS n FROM docutrax_notifications_notification WHERE kind = 'ping' AND responded_at IS NOT NULL`,
      'unanswered pings': `SELECT count(*) AS n FROM docutrax_notifications_notification WHERE kind = 'ping' AND responded_at IS NULL`,
      'records alerted three times': `SELECT count(*) AS n FROM (SELECT record_id FROM docutrax_notifications_notification WHERE kind LIKE 'coi_%' GROUP BY 1 HAVING count(DISTINCT kind) = 3) x`,
      'done extractions with confidence': `SELECT count(*) AS n FROM docutrax_extraction_extraction WHERE status = 'done' AND confidence BETWEEN 0 AND 1`,
      'failed extractions': `SELECT count(*) AS n FROM docutrax_extraction_extraction WHERE status = 'failed' AND confidence IS NULL`,
      'service orgs without manager': `SELECT count(*) AS n FROM docutrax_hierarchy_account WHERE account_type = 'client' AND account_manager_id IS NULL`,
      'service orgs with manager': `SELECT count(*) AS n FROM docutrax_hierarchy_account WHERE account_type = 'service_org' AND account_manager_id IS NOT NULL`,
      'inactive clients': `SELECT count(*) AS n FROM docutrax_hierarchy_account WHERE status = 'inactive' AND inactivated_at IS NOT NULL`,
      'records without broker': `SELECT count(*) AS n FROM docutrax_hierarchy_record WHERE broker_id IS NULL`,
      'records with broker': `SELECT count(*) AS n FROM docutrax_hierarchy_record WHERE broker_id IS NOT NULL`,
      'empty custom fields': `SELECT count(*) AS n FROM docutrax_hierarchy_record WHERE custom_fields = '{}'::jsonb`,
      'partly filled custom fields': `SELECT count(*) AS n FROM docutrax_hierarchy_record WHERE custom_fields ? 'custom_1' AND NOT custom_fields ? 'custom_15'`,
      'custom_15 filled': `SELECT count(*) AS n FROM docutrax_hierarchy_record WHERE custom_fields ? 'custom_15'`,
      'records without legacy id': `SELECT count(*) AS n FROM docutrax_hierarchy_record WHERE legacy_ph_id IS NULL`,
      'inactive and pending records': `SELECT count(*) AS n FROM (SELECT DISTINCT status FROM docutrax_hierarchy_record WHERE status IN ('inactive', 'pending')) x`,
      'users with legacy id': `SELECT count(*) AS n FROM auth_user WHERE legacy_user_id IS NOT NULL`,
      'report readers limited to an account': `SELECT count(*) AS n FROM docutrax_auth_userpermission up JOIN docutrax_auth_permission p ON p.id = up.permission_id WHERE p.resource = 'reports' AND p.action = 'read' AND up.account_id IS NOT NULL`,
      'report managers for all accounts': `SELECT count(*) AS n FROM docutrax_auth_userpermission up JOIN docutrax_auth_permission p ON p.id = up.permission_id WHERE p.resource = 'reports' AND p.action = 'manage' AND up.account_id IS NULL`,
    };
    const empty: string[] = [];
    for (const [name, sql] of Object.entries(mixes)) {
      if ((await count(db.pool, sql)) === 0) empty.push(name);
    }
    expect(empty).toEqual([]);

    const distinct = async (sql: string) =>
      (await db.pool.query<{ v: string }>(sql)).rows.map((row) => row.v).sort();
    expect(
      await distinct(`SELECT DISTINCT status AS v FROM docutrax_documents_certificate`),
    ).toEqual(['compliant', 'expired', 'non_compliant', 'pending', 'rejected']);
    expect(await distinct(`SELECT DISTINCT status AS v FROM docutrax_documents_document`)).toEqual([
      'compliant',
      'expired',
      'missing',
      'non_compliant',
      'pending',
    ]);
    expect(
      await distinct(`SELECT DISTINCT coverage_type AS v FROM docutrax_coverage_coverage`),
    ).toEqual(['automobile', 'general_liability', 'umbrella', 'workers_comp']);
    expect(
      await distinct(`SELECT DISTINCT kind AS v FROM docutrax_notifications_notification`),
    ).toEqual(['coi_final_alert', 'coi_first_alert', 'coi_second_alert', 'doc_alert', 'ping']);
    expect(
      await distinct(`SELECT DISTINCT kind AS v FROM docutrax_requirements_coiriskprofile`),
    ).toEqual(['coi', 'doc']);
    expect(
      await distinct(`SELECT DISTINCT channel AS v FROM docutrax_notifications_notification`),
    ).toEqual(['email', 'fax', 'sms']);
  });

  it('moves the identity sequences past the loaded ids', async () => {
    const inserted = await db.pool.query<{ id: string }>(
      `INSERT INTO docutrax_hierarchy_broker (name) VALUES ('Inserted By Test') RETURNING id`,
    );
    const broker = loaded.tables.find((table) => table.table === 'docutrax_hierarchy_broker')!;
    expect(Number(inserted.rows[0]!.id)).toBe(broker.rows + 1);
    await db.pool.query(`DELETE FROM docutrax_hierarchy_broker WHERE name = 'Inserted By Test'`);
  });

  it('refuses to load over existing rows without --reset, and leaves them untouched', async () => {
    const before = await contentHashes(db.pool);
    const error = await withClient(db.url, (client) =>
      loadDemoDataInto(client, request({ referenceDate: loaded.referenceDate, seed: 99 })).catch(
        (caught: unknown) => caught,
      ),
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).details.join('\n')).toContain(
      'public.docutrax_hierarchy_record is not empty',
    );
    expect(await contentHashes(db.pool)).toEqual(before);
  });

  it('with --reset replaces the rows with exactly the same data for the same seed and date', async () => {
    const before = await contentHashes(db.pool);
    const again = await withClient(db.url, (client) =>
      loadDemoDataInto(client, request({ referenceDate: loaded.referenceDate, reset: true })),
    );
    expect(again.reset).toBe(true);
    expect(await contentHashes(db.pool)).toEqual(before);
  });

  it('loads into another schema when asked to create it, and refuses a missing one otherwise', async () => {
    const refused = await withClient(db.url, (client) =>
      loadDemoDataInto(client, request({ records: 50, schema: 'demo_other' })).catch(
        (caught: unknown) => caught,
      ),
    );
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).message).toContain('schema "demo_other" does not exist');
    const outcome = await withClient(db.url, (client) =>
      loadDemoDataInto(client, request({ records: 50, schema: 'demo_other', createSchema: true })),
    );
    expect(outcome.createdTables).toBe(true);
    expect(
      await count(db.pool, `SELECT count(*) AS n FROM demo_other.docutrax_hierarchy_record`),
    ).toBe(50);
  });

  it('names the missing tables of a partial schema and changes nothing', async () => {
    await db.pool.query(`CREATE SCHEMA partial; CREATE TABLE partial.auth_user (id bigint)`);
    const error = await withClient(db.url, (client) =>
      loadDemoDataInto(client, request({ records: 10, schema: 'partial' })).catch(
        (caught: unknown) => caught,
      ),
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).details).toContain(
      'missing table partial.docutrax_hierarchy_record',
    );
    expect(
      await count(db.pool, `SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'partial'`),
    ).toBe(1);
  });
});

async function hasPsql(): Promise<boolean> {
  try {
    await run('psql', ['--version']);
    return true;
  } catch {
    return false;
  }
}
const psqlAvailable = await hasPsql();
if (!psqlAvailable) console.warn('psql not found: skipping the demo SQL script test');

describe.skipIf(!psqlAvailable)('the demo SQL script', () => {
  let direct: ScratchDatabase;
  let scripted: ScratchDatabase;
  let dir: string;
  beforeAll(async () => {
    direct = await createScratchDatabase('dtx_demo_direct');
    scripted = await createScratchDatabase('dtx_demo_script');
    dir = await mkdtemp(path.join(tmpdir(), 'demo-sql-'));
  });
  afterAll(async () => {
    await direct?.drop();
    await scripted?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads with psql after the reference schema and equals a direct load for the load day', async () => {
    const file = path.join(dir, '20-demo-data.sql');
    const script = await writeDemoSqlScript(file, {
      records: 400,
      seed: 5,
      referenceDate: null,
      legacyDir: exportDir,
      schema: 'public',
    });
    expect(script.referenceDate).toBe('2025-01-01');
    expect(await readFile(file, 'utf8')).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d+/);
    for (const sqlFile of [referenceSchemaPath, file]) {
      await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', scripted.url, '-f', sqlFile]);
    }
    await withClient(direct.url, (client) =>
      loadDemoDataInto(client, request({ records: 400, seed: 5, referenceDate: null })),
    );
    expect(await contentHashes(scripted.pool)).toEqual(await contentHashes(direct.pool));
  });
});
