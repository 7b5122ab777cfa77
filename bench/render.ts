/**
 * npx tsx bench/render.ts: rewrites BENCHMARKS.md from BENCHMARKS.json and bench/findings.md
 * without measuring again (after editing the findings or the target checks: the targets are
 * evaluated again from the stored figures, and written back to the JSON twin too).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderBenchmarksMarkdown } from './render-markdown.ts';
import { evaluateTargets } from './targets.ts';
import type { BenchResults } from './bench-results.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stored = JSON.parse(
  await readFile(path.join(projectRoot, 'BENCHMARKS.json'), 'utf8'),
) as BenchResults;
const results: BenchResults = {
  ...stored,
  targets: evaluateTargets(stored.views?.sizes ?? [], stored.scale?.sizes ?? []),
};
await writeFile(path.join(projectRoot, 'BENCHMARKS.json'), `${JSON.stringify(results, null, 2)}\n`);
const findings = await readFile(path.join(projectRoot, 'bench', 'findings.md'), 'utf8');
await writeFile(
  path.join(projectRoot, 'BENCHMARKS.md'),
  renderBenchmarksMarkdown(results, findings),
);
