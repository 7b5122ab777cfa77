import path from 'node:path';
import pg from 'pg';
import { loadDemoDataInto } from '../../src/demo-data/run-demo-data.ts';
import { projectRoot } from './shared.ts';

/**
 * Demo data for a test database: the reference schema and `records` records consistent with the
 * bundled export, on a fixed reference date so the data (and any failure) is the same every day.
 */
export async function loadTestDemoData(
  url: string,
  options: { readonly records: number; readonly seed: number },
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await loadDemoDataInto(client, {
      records: options.records,
      seed: options.seed,
      referenceDate: '2025-07-09',
      legacyDir: path.join(projectRoot, 'examples', 'legacy-export'),
      schema: 'public',
      reset: false,
      createSchema: false,
      referenceSchemaPath: path.join(projectRoot, 'db', 'dtx2-reference-schema.sql'),
    });
  } finally {
    await client.end();
  }
}
