import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../errors.ts';
import { loadDesiredMetabaseState } from '../../desired/metabase/load.ts';
import type { DesiredMetabaseState } from '../../desired/metabase/model.ts';
import { generatedFileMarkers, type OutputFile } from '../../desired/output-file.ts';
import { loadTableMetadata, tableMetadataPath } from '../../desired/table-metadata.ts';
import type { DesiredTableMetadata } from '../../desired/metabase/desired-metadata.ts';
import type { DesiredViews } from '../../plan/postgres/desired-views.ts';
import { mapWithConcurrency } from '../../concurrency.ts';
import { readViewFiles } from './read-view-files.ts';

export interface GeneratedFiles {
  readonly views: DesiredViews;
  readonly metabase: {
    readonly state: DesiredMetabaseState;
    readonly tables: readonly DesiredTableMetadata[];
  } | null;
}

/**
 * Reads what `generate` wrote under `fromDir` (views/, questions/, dashboards/) and validates it
 * as a whole; any problem stops the run before a connection is opened.
 */
export async function readGeneratedFiles(
  fromDir: string,
  options: { readonly metabase: boolean },
): Promise<GeneratedFiles> {
  const viewsRead = readViewFiles(fromDir);
  if (!options.metabase) return { views: await viewsRead, metabase: null };
  // Both are mostly waits on the disk, so the YAML is read while the view files are; a problem
  // in the view files is still the one reported (it is awaited first), and until then a failed
  // YAML read must not count as an unhandled rejection.
  const yamlRead = Promise.all([
    readGeneratedYaml(fromDir, 'questions'),
    readGeneratedYaml(fromDir, 'dashboards'),
  ]);
  yamlRead.catch(() => undefined);
  const views = await viewsRead;
  const yamlFiles = (await yamlRead).flat();
  if (yamlFiles.length === 0) {
    throw new InputError(`No generated questions/ or dashboards/ files under ${fromDir}.`, [
      'Run `dtx-reports generate` first (or point --from at a folder that holds them).',
    ]);
  }
  const state = loadDesiredMetabaseState(yamlFiles);
  const metadataText = await readFile(path.join(fromDir, tableMetadataPath), 'utf8').catch(() => {
    throw new InputError(
      `${tableMetadataPath} is missing under ${fromDir}: run \`dtx-reports generate\`.`,
    );
  });
  const tables = loadTableMetadata({ path: tableMetadataPath, content: metadataText });
  return { views, metabase: { state, tables } };
}

/**
 * Files read at once: each read is a few thread-pool round trips (open, stat, read, close), so
 * reading one after another left the process waiting (about a second per 4,000 files); a few
 * in flight keep the pool busy without opening thousands of descriptors.
 */
const readsInFlight = 8;

async function readGeneratedYaml(fromDir: string, folder: string): Promise<OutputFile[]> {
  const paths: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path.join(fromDir, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile() && entry.name.endsWith('.yaml')) paths.push(child);
    }
  };
  await walk(folder);
  const contents = await mapWithConcurrency(paths, readsInFlight, (child) =>
    readFile(path.join(fromDir, child), 'utf8'),
  );
  const files: OutputFile[] = [];
  paths.forEach((child, i) => {
    const content = contents[i] ?? '';
    if (generatedFileMarkers.some((marker) => content.startsWith(marker))) {
      files.push({ path: child, content });
    }
  });
  return files;
}
