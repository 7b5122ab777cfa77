/**
 * npx tsx bench/render.ts: rewrites BENCHMARKS.md from BENCHMARKS.json and bench/findings.md
 * without measuring again (after editing the findings).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderBenchmarksMarkdown } from './render-markdown.ts';
import type { BenchResults } from './run.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = JSON.parse(
  await readFile(path.join(projectRoot, 'BENCHMARKS.json'), 'utf8'),
) as BenchResults;
const findings = await readFile(path.join(projectRoot, 'bench', 'findings.md'), 'utf8');
await writeFile(
  path.join(projectRoot, 'BENCHMARKS.md'),
  renderBenchmarksMarkdown(results, findings),
);
