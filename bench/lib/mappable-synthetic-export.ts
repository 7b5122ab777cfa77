import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { writeSyntheticExport } from '../../scripts/synthetic-export.ts';

/**
 * The synthetic export names its fields field_1…field_N, which the catalog does not know, so
 * `generate` would skip every report as "no_mappable_fields" and measure nothing. This adapter
 * (bench-only) gives synthetic field i the name, label, category, format and aggregate flag of
 * the bundled sample's field (i mod count): reports then migrate, with the synthetic export's
 * sizes, repeats and faults left as they are.
 */
const fieldRow = z.record(z.string(), z.string());
const fieldRows = z.array(fieldRow);
const copied = ['category', 'name', 'label', 'display_format', 'is_aggregate', 'active'] as const;

export async function writeMappableSyntheticExport(
  dir: string,
  reports: number,
  sampleDir: string,
): Promise<void> {
  await writeSyntheticExport(dir, { reports, seed: 1 });
  const file = 'report_field_definition.csv';
  const read = async (from: string) =>
    fieldRows.parse(parse(await readFile(path.join(from, file)), { columns: true }));
  const sample = await read(sampleDir);
  const synthetic = await read(dir);
  if (sample.length === 0) throw new Error(`${sampleDir}/${file} has no fields`);
  const rows = synthetic.map((row, index) => {
    const model = sample[index % sample.length] ?? {};
    const out: Record<string, string> = { ...row };
    for (const column of copied) out[column] = model[column] ?? '';
    return out;
  });
  await writeFile(path.join(dir, file), stringify(rows, { header: true }), 'utf8');
}
