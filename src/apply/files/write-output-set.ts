import { mkdir, readFile, readdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, InternalError } from '../../errors.ts';
import { generatedFileMarkers, type OutputSet } from '../../desired/output-file.ts';

export interface WriteSummary {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
}

export interface WriteOptions {
  /** Remove stale generated files even when they are more than `maxRemovedShare` of them. */
  readonly force?: boolean;
}

/**
 * The share of the generated files already on disk that one run may remove without `--force`.
 * Dropping a report removes its view, question and dashboard (three of ~300 files); a run that
 * would remove more than this is far more likely to come from a damaged or wrong export.
 */
export const maxRemovedShare = 0.1;

/**
 * Puts an output set on disk under `outDir`: writes files whose content changed (unchanged files
 * keep their mtime), then removes files in the owned folders that carry a generated-file marker
 * but are no longer produced. Files without the marker (templates, notes) are never touched.
 * Everything is decided before the first write, so a refusal leaves the folder as it was.
 */
export async function writeOutputSet(
  outDir: string,
  set: OutputSet,
  options: WriteOptions = {},
): Promise<WriteSummary> {
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

  const toWrite: { readonly path: string; readonly target: string; readonly content: string }[] =
    [];
  const unchanged: string[] = [];
  for (const file of [...set.files].sort((a, b) => compare(a.path, b.path))) {
    const target = path.join(outDir, ...file.path.split('/'));
    const current = await readFile(target, 'utf8').catch(() => null);
    if (current === file.content) unchanged.push(file.path);
    else toWrite.push({ path: file.path, target, content: file.content });
  }

  const generated: string[] = [];
  for (const folder of set.ownedFolders) {
    for (const relative of await listFiles(outDir, folder)) {
      const full = path.join(outDir, ...relative.split('/'));
      const firstLine = (await readFile(full, 'utf8')).split('\n', 1)[0] ?? '';
      if (generatedFileMarkers.some((marker) => firstLine.startsWith(marker))) {
        generated.push(relative);
      }
    }
  }
  const stale = generated.filter((relative) => !wanted.has(relative)).sort(compare);
  if (!options.force && stale.length > generated.length * maxRemovedShare) {
    throw new InputError(
      `generate would remove ${stale.length} of the ${generated.length} generated files in ${outDir} ` +
        `(${Math.round((stale.length / generated.length) * 100)} %, more than ${maxRemovedShare * 100} %); nothing was written. ` +
        'A damaged or wrong export is the usual cause: check the export, or pass --force if the removals are intended',
      [
        ...stale.slice(0, 10).map((relative) => `would remove ${relative}`),
        ...(stale.length > 10 ? [`… and ${stale.length - 10} more`] : []),
      ],
    );
  }

  for (const file of toWrite) {
    await mkdir(path.dirname(file.target), { recursive: true });
    await writeFile(file.target, file.content, 'utf8');
  }
  for (const relative of stale) await unlink(path.join(outDir, ...relative.split('/')));
  return { written: toWrite.map((f) => f.path), unchanged, removed: stale };
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
