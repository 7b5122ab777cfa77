import { mkdir, readFile, readdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InternalError } from '../../errors.ts';
import { generatedFileMarkers, type OutputSet } from '../../desired/output-file.ts';

export interface WriteSummary {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
}

/**
 * Puts an output set on disk under `outDir`: writes files whose content changed (unchanged files
 * keep their mtime), then removes files in the owned folders that carry a generated-file marker
 * but are no longer produced. Files without the marker (templates, notes) are never touched.
 */
export async function writeOutputSet(outDir: string, set: OutputSet): Promise<WriteSummary> {
  const wanted = new Set<string>();
  for (const file of set.files) {
    const normalised = path.posix.normalize(file.path);
    if (
      path.posix.isAbsolute(normalised) ||
      normalised.startsWith('..') ||
      normalised !== file.path
    ) {
      throw new InternalError(`Refusing to write outside the output folder: ${file.path}`);
    }
    wanted.add(normalised);
  }

  const written: string[] = [];
  const unchanged: string[] = [];
  for (const file of [...set.files].sort((a, b) => compare(a.path, b.path))) {
    const target = path.join(outDir, ...file.path.split('/'));
    const current = await readFile(target, 'utf8').catch(() => null);
    if (current === file.content) {
      unchanged.push(file.path);
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content, 'utf8');
    written.push(file.path);
  }

  const removed: string[] = [];
  for (const folder of set.ownedFolders) {
    for (const relative of await listFiles(outDir, folder)) {
      if (wanted.has(relative)) continue;
      const full = path.join(outDir, ...relative.split('/'));
      const firstLine = (await readFile(full, 'utf8')).split('\n', 1)[0] ?? '';
      if (generatedFileMarkers.some((marker) => firstLine.startsWith(marker))) {
        await unlink(full);
        removed.push(relative);
      }
    }
  }
  return { written, unchanged, removed: removed.sort(compare) };
}

async function listFiles(root: string, folder: string): Promise<string[]> {
  const entries = await readdir(path.join(root, ...folder.split('/')), {
    withFileTypes: true,
  }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const relative = `${folder}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(root, relative)));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
