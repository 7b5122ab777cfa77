/**
 * npm run bench [-- --quick] [--keep] [--only views|scale] [--sizes 100000,1000000]
 *               [--reports 1,55,127,135,41,50] [--scale 100,1000,10000]
 *
 * Benchmarks (not tests: nothing in CI runs them) writing BENCHMARKS.md and BENCHMARKS.json at
 * the repo root. Part 1 loads demo data into scratch databases (bench_views_100k, …; dropped at
 * the end unless --keep) and times the report questions live vs a materialized snapshot; part 2
 * times generate and provision on synthetic exports against the Metabase emulator. --quick: 100k
 * records and 100/1,000 reports, fewer runs, for iteration. With --only, the other part's last
 * figures are kept from the existing BENCHMARKS.json. --scale-database-url: the admin URL of
 * another Postgres server for part 2 (e.g. one with a larger max_locks_per_transaction).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { describeMachine } from './lib/machine.ts';
import { adminUrl, dropRole, serverSettings } from './lib/scratch-databases.ts';
import type { BenchResults } from './bench-results.ts';
import { renderBenchmarksMarkdown } from './render-markdown.ts';
import { runScaleBench, type ScalePlan } from './scale-bench.ts';
import { evaluateTargets } from './targets.ts';
import { runViewsBench } from './views-bench.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchRole = 'dtx_bench_reporting_reader';

const numbers = (text: string): number[] =>
  text
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const n = Number(part);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`not a positive whole number: ${part}`);
      return n;
    });

function scalePlans(reports: readonly number[], quick: boolean): ScalePlan[] {
  return reports.map((n) => ({
    reports: n,
    generateRuns: quick ? 3 : 5,
    viewsRuns: quick ? 3 : 5,
    // A cold run at 10,000 reports sends ~150,000 requests: one run at concurrency 8 (minutes),
    // and concurrency 1 only where it finishes in reasonable time (its cost is then estimated).
    coldRuns: n >= 10_000 ? 1 : quick ? 3 : 5,
    serialRuns: n <= 100 ? (quick ? 3 : 5) : n <= 1000 && !quick ? 1 : 0,
    noopRuns: quick ? 3 : 5,
  }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      only: { type: 'string' },
      sizes: { type: 'string' },
      reports: { type: 'string', default: '1,55,127,135,41,50' },
      scale: { type: 'string' },
      latency: { type: 'string', default: '20' },
      'scale-database-url': { type: 'string' },
    },
    strict: true,
  });
  const quick = values.quick;
  const only = values.only;
  if (only !== undefined && only !== 'views' && only !== 'scale') {
    throw new Error('--only takes views or scale');
  }
  const sizes = numbers(values.sizes ?? (quick ? '100000' : '100000,1000000'));
  const reportIds = numbers(values.reports);
  const scaleSizes = numbers(values.scale ?? (quick ? '100,1000' : '100,1000,10000'));
  const latencyMs = Number(values.latency);
  const log = (line: string) =>
    console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  const command = `npm run bench --${process.argv
    .slice(2)
    .map((a) => ` ${a}`)
    .join('')}`;

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const machine = await describeMachine(admin).finally(() => admin.end());

  const previous = existsSync(path.join(projectRoot, 'BENCHMARKS.json'))
    ? (JSON.parse(
        await readFile(path.join(projectRoot, 'BENCHMARKS.json'), 'utf8'),
      ) as BenchResults)
    : null;

  // A throw-away password for the throw-away login role; never printed or written.
  const role = { name: benchRole, password: randomBytes(18).toString('base64url') };
  let views: BenchResults['views'] = previous?.views ?? null;
  let scale: BenchResults['scale'] = previous?.scale ?? null;
  try {
    if (only !== 'scale') {
      const filteredRuns = quick ? 10 : 20;
      const exportRuns = quick ? 3 : 5;
      views = {
        command: `npm run bench -- --only views --sizes ${sizes.join(',')} --reports ${reportIds.join(',')}${quick ? ' --quick' : ''}`,
        filteredRuns,
        exportRuns,
        sizes: await runViewsBench({
          projectRoot,
          sizes,
          reportIds,
          filteredRuns,
          exportRuns,
          // Each refresh recomputes whole reports: minutes at 1,000,000 records.
          refreshRuns: quick || sizes.some((n) => n >= 1_000_000) ? 1 : 3,
          keep: values.keep,
          role,
          log,
        }),
      };
    }
    if (only !== 'views') {
      const scaleAdmin = values['scale-database-url'] ?? adminUrl;
      scale = {
        command: `npm run bench -- --only scale --scale ${scaleSizes.join(',')}${quick ? ' --quick' : ''}${values['scale-database-url'] ? ' --scale-database-url <admin URL>' : ''}`,
        latencyMs,
        server: await serverSettings(scaleAdmin),
        sizes: await runScaleBench({
          projectRoot,
          plans: scalePlans(scaleSizes, quick),
          latencyMs,
          adminUrl: scaleAdmin,
          keep: values.keep,
          role,
          log,
        }),
      };
    }
  } finally {
    if (!values.keep) {
      await dropRole(benchRole).catch(() => undefined);
      const scaleAdmin = values['scale-database-url'];
      if (scaleAdmin) await dropRole(benchRole, scaleAdmin).catch(() => undefined);
    }
  }

  const results: BenchResults = {
    command,
    quick,
    machine,
    views,
    scale,
    targets: evaluateTargets(views?.sizes ?? [], scale?.sizes ?? []),
  };
  await writeFile(
    path.join(projectRoot, 'BENCHMARKS.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  const findings = await readFile(path.join(projectRoot, 'bench', 'findings.md'), 'utf8');
  await writeFile(
    path.join(projectRoot, 'BENCHMARKS.md'),
    renderBenchmarksMarkdown(results, findings),
  );
  for (const target of results.targets) {
    log(`${target.met ? 'met   ' : 'MISSED'} ${target.name}: ${target.measured}`);
  }
  log('wrote BENCHMARKS.md and BENCHMARKS.json');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
