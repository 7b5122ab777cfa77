import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../errors.ts';
import { viewFileMarker } from '../../desired/views/view-file-format.ts';
import { desiredViewsFromFiles, type DesiredViews } from '../../plan/postgres/desired-views.ts';

/**
 * Reads every generated view file under `<fromDir>/views` (any depth; templates and other
 * hand-written files are recognised by the missing generated-file header and skipped).
 */
export async function readViewFiles(fromDir: string): Promise<DesiredViews> {
  const root = path.join(fromDir, 'views');
  const files: { path: string; text: string }[] = [];
  for (const relative of await listSqlFiles(root, '')) {
    const text = await readFile(path.join(root, relative), 'utf8');
    if (text.startsWith(viewFileMarker)) files.push({ path: `views/${relative}`, text });
  }
  if (files.length === 0) {
    throw new InputError(`No generated view files under ${root}.`, [
      'Run `dtx-reports generate` (or point --from at a folder that holds views/).',
    ]);
  }
  return desiredViewsFromFiles(files.sort((a, b) => (a.path < b.path ? -1 : 1)));
}

async function listSqlFiles(root: string, relative: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(root, relative), { withFileTypes: true });
  } catch (error) {
    if (relative === '') {
      throw new InputError(
        `Cannot read ${root}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    throw error;
  }
  const found: string[] = [];
  for (const entry of entries) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await listSqlFiles(root, child)));
    else if (entry.isFile() && entry.name.endsWith('.sql')) found.push(child);
  }
  return found;
}
