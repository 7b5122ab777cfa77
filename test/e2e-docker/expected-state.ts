import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { loadDesiredMetabaseState } from '../../src/desired/metabase/load.ts';
import type { DesiredMetabaseState } from '../../src/desired/metabase/model.ts';
import type { OutputFile } from '../../src/desired/output-file.ts';

export interface ExpectedState {
  /** Legacy ids of the reports manifest.json lists as migrated: one question each. */
  readonly migratedReportIds: readonly number[];
  /** What questions/ and dashboards/ declare: every key must exist in Metabase once. */
  readonly desired: DesiredMetabaseState;
}

const manifestSchema = z.object({
  reports: z.array(z.object({ legacyId: z.number().int(), status: z.string() })),
});

/** What a provision from `fromDir` must have produced, read from the same files it reads. */
export async function readExpectedState(fromDir: string): Promise<ExpectedState> {
  const manifest = manifestSchema.parse(
    JSON.parse(await readFile(path.join(fromDir, 'manifest.json'), 'utf8')),
  );
  const files: OutputFile[] = [];
  for (const folder of ['questions', 'dashboards']) {
    const entries = await readdir(path.join(fromDir, folder), {
      recursive: true,
      withFileTypes: true,
    });
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const absolute = path.join(entry.parentPath, entry.name);
      files.push({
        path: path.relative(fromDir, absolute).split(path.sep).join('/'),
        content: await readFile(absolute, 'utf8'),
      });
    }
  }
  return {
    migratedReportIds: manifest.reports
      .filter((r) => r.status === 'migrated')
      .map((r) => r.legacyId)
      .sort((a, b) => a - b),
    desired: loadDesiredMetabaseState(files),
  };
}
