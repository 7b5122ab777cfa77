import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { InputError } from '../../errors.ts';
import type { SiteFile } from '../../docs/render-docs-site.ts';

/**
 * Writes the docs site under `outDir`, plus Chart.js's self-contained UMD build (and its licence)
 * copied from node_modules, so the site needs no CDN and no server. Files are only ever written,
 * never deleted: the folder may hold other things.
 */
const chartFiles = [
  { from: ['dist', 'chart.umd.min.js'], to: 'assets/chart.umd.min.js' },
  { from: ['LICENSE.md'], to: 'assets/chart.js-LICENSE.md' },
] as const;

function chartJsDir(): string {
  const require = createRequire(import.meta.url);
  // The package's main entry is dist/chart.cjs; its folder's parent is the package root.
  return path.resolve(path.dirname(require.resolve('chart.js')), '..');
}

export async function writeDocsSite(outDir: string, files: readonly SiteFile[]): Promise<number> {
  let packageDir: string;
  try {
    packageDir = chartJsDir();
    await readFile(path.join(packageDir, ...chartFiles[0].from));
  } catch {
    throw new InputError('chart.js is not installed: run `npm install` in the project first');
  }
  for (const file of files) {
    const target = path.join(outDir, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content, 'utf8');
  }
  await mkdir(path.join(outDir, 'assets'), { recursive: true });
  for (const chart of chartFiles) {
    await copyFile(path.join(packageDir, ...chart.from), path.join(outDir, ...chart.to.split('/')));
  }
  return files.length + chartFiles.length;
}
