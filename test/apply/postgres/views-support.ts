import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { parseFieldCatalog } from '../../../src/catalog/parse-field-catalog.ts';
import type { FieldCatalog } from '../../../src/catalog/field-catalog.ts';
import type { BaseTemplate } from '../../../src/translate/views/base-layer.ts';
import { baseTemplateFile, catalogFile } from '../../../src/observe/files/load-generate-inputs.ts';
import { projectRoot } from '../../support/shared.ts';

/** The real catalog and base template of the checkout: tests exercise what ships. */
export function shippedCatalog(): FieldCatalog {
  return parseFieldCatalog(readFileSync(path.join(projectRoot, catalogFile), 'utf8'), catalogFile);
}

export function shippedBaseTemplate(): BaseTemplate {
  return {
    file: baseTemplateFile,
    text: readFileSync(path.join(projectRoot, baseTemplateFile), 'utf8'),
  };
}

export const referenceSchemaSql = (): string =>
  readFileSync(path.join(projectRoot, 'db', 'dtx2-reference-schema.sql'), 'utf8');

/** A client pinned to UTC so dates derived from timestamps are the same on every machine. */
export async function utcClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`SET TimeZone = 'UTC'`);
  return client;
}

/** `YYYY-MM-DD` of `today` plus `days`. */
export function dayOffset(today: string, days: number): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
