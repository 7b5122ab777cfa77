import { createWriteStream } from 'node:fs';
import { readFile, rename } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { planDemoLayout } from './demo-layout.ts';
import { demoSqlScript } from './demo-sql-script.ts';
import { loadDemoData, type LoadDemoDataResult, type LoadProgress } from './load-demo-data.ts';
import { readLegacyIdentities } from './read-legacy-identities.ts';

/**
 * The entry points a caller uses (the demo-data script, benchmarks, tests): read the legacy
 * identities, plan, then load into a database or write a psql script.
 */
export interface DemoDataRequest {
  readonly records: number;
  readonly seed: number;
  /** `YYYY-MM-DD`; null = the target database's current_date (load) or the fixed script anchor. */
  readonly referenceDate: string | null;
  /** Legacy export whose customers, clients, records and users the data must carry. */
  readonly legacyDir: string;
}

export interface DemoLoadRequest extends DemoDataRequest {
  readonly schema: string;
  readonly reset: boolean;
  readonly createSchema: boolean;
  /** Path of db/dtx2-reference-schema.sql. */
  readonly referenceSchemaPath: string;
  readonly onProgress?: (event: LoadProgress) => void;
}

export interface DemoLoadOutcome extends LoadDemoDataResult {
  readonly records: number;
  readonly seed: number;
  readonly referenceDate: string;
}

/** The reference date a generated script uses unless told otherwise: fixed, so regenerating gives no diff. */
export const scriptAnchorDate = '2025-01-01';

export async function loadDemoDataInto(
  client: pg.ClientBase,
  request: DemoLoadRequest,
): Promise<DemoLoadOutcome> {
  const legacy = await readLegacyIdentities(request.legacyDir);
  const referenceSchemaSql = await readFile(request.referenceSchemaPath, 'utf8');
  const referenceDate =
    request.referenceDate ??
    (await client.query<{ today: string }>('SELECT current_date::text AS today')).rows[0]?.today ??
    scriptAnchorDate;
  const layout = planDemoLayout({
    records: request.records,
    seed: request.seed,
    referenceDate,
    legacy,
  });
  const result = await loadDemoData(client, layout, {
    schema: request.schema,
    reset: request.reset,
    createSchema: request.createSchema,
    referenceSchemaSql,
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
  });
  return { ...result, records: request.records, seed: request.seed, referenceDate };
}

export interface DemoScriptOutcome {
  readonly file: string;
  readonly referenceDate: string;
}

/** Writes the psql script atomically (temporary file, then rename). */
export async function writeDemoSqlScript(
  file: string,
  request: DemoDataRequest & { readonly schema: string },
): Promise<DemoScriptOutcome> {
  const legacy = await readLegacyIdentities(request.legacyDir);
  const referenceDate = request.referenceDate ?? scriptAnchorDate;
  const layout = planDemoLayout({
    records: request.records,
    seed: request.seed,
    referenceDate,
    legacy,
  });
  const temporary = `${file}.tmp`;
  await pipeline(
    Readable.from(demoSqlScript(layout, request.schema)),
    createWriteStream(temporary),
  );
  await rename(temporary, file);
  return { file, referenceDate };
}
