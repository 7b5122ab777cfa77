/**
 * Benchmark (not a test): how long reading an export takes and how much memory it needs.
 * Each run is a fresh child process so peak RSS is that run's alone; 5 runs, median reported.
 *
 *   npx tsx bench/read-export.ts [--runs 5] [--reports 10000]
 *
 * Targets (issue 2): the sample in < 1 s; 100× the sample (10,000 reports) in < 10 s, < 500 MB.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { readLegacyExport } from '../src/legacy/read-export.ts';
import type { Dialect } from '../src/legacy/types.ts';
import { writeSyntheticExport } from '../scripts/synthetic-export.ts';

const thisFile = fileURLToPath(import.meta.url);
const projectRoot = path.resolve(path.dirname(thisFile), '..');

interface RunResult {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly rows: number;
}

/** Child side: read once, report time and peak RSS as JSON. */
async function child(dir: string): Promise<void> {
  const started = performance.now();
  const legacy = await readLegacyExport(dir);
  const ms = performance.now() - started;
  const rows =
    legacy.categories.length +
    legacy.reports.length +
    legacy.fields.length +
    legacy.definitions.length +
    legacy.schedules.length +
    legacy.runs.length +
    legacy.scheduleLog.length +
    legacy.snapshot.rows.length;
  // maxRSS is in kilobytes.
  const result: RunResult = { ms, maxRssMb: process.resourceUsage().maxRSS / 1024, rows };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(dir: string): RunResult {
  const output = execFileSync(process.execPath, ['--import', 'tsx', thisFile, '--child', dir], {
    encoding: 'utf8',
  });
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as RunResult;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function measure(
  label: string,
  dir: string,
  runs: number,
  limits: { ms: number; mb: number },
): boolean {
  const results = Array.from({ length: runs }, () => runChild(dir));
  const ms = median(results.map((r) => r.ms));
  const mb = median(results.map((r) => r.maxRssMb));
  const ok = ms < limits.ms && mb < limits.mb;
  console.log(
    `${label.padEnd(34)} ${String(results[0]?.rows ?? 0).padStart(7)} rows  median ${ms.toFixed(0).padStart(6)} ms ` +
      `(runs: ${results.map((r) => r.ms.toFixed(0)).join(', ')})  peak RSS ${mb.toFixed(0)} MB  ` +
      `${ok ? 'OK' : 'OVER'} (limit ${limits.ms} ms, ${limits.mb} MB)`,
  );
  return ok;
}

async function parent(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      reports: { type: 'string', default: '10000' },
    },
  });
  const runs = Math.max(1, Number(values.runs));
  const reports = Number(values.reports);
  const sample = path.join(projectRoot, 'examples', 'legacy-export');
  if (!existsSync(sample)) throw new Error(`bundled sample not found at ${sample}`);

  const tmp = await mkdtemp(path.join(os.tmpdir(), 'dtx-bench-'));
  try {
    let ok = measure('sample (examples/legacy-export)', sample, runs, { ms: 1000, mb: 500 });
    for (const dialect of ['rfc', 'mysql'] as const satisfies readonly Dialect[]) {
      const dir = path.join(tmp, dialect);
      await writeSyntheticExport(dir, { reports, dialect, seed: 1 });
      ok =
        measure(`synthetic ${reports} reports, ${dialect}`, dir, runs, { ms: 10_000, mb: 500 }) &&
        ok;
    }
    console.log(
      `node ${process.version}, ${os.cpus().length} CPU(s): ${os.cpus()[0]?.model ?? 'unknown'}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--child');
  const dir = at === -1 ? undefined : process.argv[at + 1];
  (dir === undefined ? parent() : child(dir)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
