import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../errors.ts';
import { loadDesiredMetabaseState } from '../../desired/metabase/load.ts';
import type { DesiredMetabaseState } from '../../desired/metabase/model.ts';
import { generatedFileMarkers, type OutputFile } from '../../desired/output-file.ts';
import { loadTableMetadata, tableMetadataPath } from '../../desired/table-metadata.ts';
import type { DesiredTableMetadata } from '../../plan/metabase/desired-metadata.ts';
import type { DesiredViews } from '../postgres/desired-views.ts';
import { readViewFiles } from '../postgres/read-view-files.ts';

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
  const views = await readViewFiles(fromDir);
  if (!options.metabase) return { views, metabase: null };
  const yamlFiles = [
    ...(await readGeneratedYaml(fromDir, 'questions')),
    ...(await readGeneratedYaml(fromDir, 'dashboards')),
  ];
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

async function readGeneratedYaml(fromDir: string, folder: string): Promise<OutputFile[]> {
  const files: OutputFile[] = [];
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
      else if (entry.isFile() && entry.name.endsWith('.yaml')) {
        const content = await readFile(path.join(fromDir, child), 'utf8');
        if (generatedFileMarkers.some((marker) => content.startsWith(marker))) {
          files.push({ path: child, content });
        }
      }
    }
  };
  await walk(folder);
  return files;
}
