import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { readGeneratedFiles } from '../src/observe/files/read-generated-files.ts';
import { silentProgress } from '../src/apply/progress.ts';
import { runProvision, type ProvisionSettings } from '../src/provision.ts';
import { createMetabaseClient } from '../src/metabase/metabase-client.ts';
import { writeMappableSyntheticExport } from './lib/mappable-synthetic-export.ts';
import { dropDatabase, recreateDatabase } from './lib/scratch-databases.ts';
import { repeat, summarize, timed, type Summary } from './lib/stats.ts';
import {
  defaultReportingRoleLimits,
  reportingRoleSettings,
} from '../src/plan/postgres/reporting-role-settings.ts';

/**
 * Part 2: generation and provisioning at 100, 1,000 and 10,000 synthetic reports: `generate`
 * (a child process per run: wall time and peak RSS from /usr/bin/time), the views transaction
 * (views only, into an empty database with the reference schema), and cold / no-op `provision`
 * against the Metabase emulator running in its own process with 20 ms latency per request.
 */

export interface ScalePlan {
  readonly reports: number;
  readonly generateRuns: number;
  readonly viewsRuns: number;
  /** Cold provision with the default concurrency (8). */
  readonly coldRuns: number;
  /** Cold provision with --concurrency 1 (0 = skipped, estimated instead). */
  readonly serialRuns: number;
  readonly noopRuns: number;
}

export interface ScaleBenchOptions {
  readonly projectRoot: string;
  readonly plans: readonly ScalePlan[];
  readonly latencyMs: number;
  /** Admin connection of the server the scratch databases go to. */
  readonly adminUrl: string;
  readonly keep: boolean;
  readonly role: { readonly name: string; readonly password: string };
  readonly log: (line: string) => void;
}

export interface RequestCounts {
  readonly reads: number;
  readonly writes: number;
  readonly auth: number;
}

export interface ProvisionRunFigures {
  readonly wallMs: Summary;
  /** Emulator-side counts of the last run (identical across runs: the work is deterministic). */
  readonly requests: RequestCounts;
  readonly requestsPerRun: readonly RequestCounts[];
  /** The client's own count of the last run (MetabaseClient.stats()): what it sent, retries aside. */
  readonly clientRequests: RequestCounts | null;
  /**
   * True when a run sent more requests than the emulator's request log keeps (100,000 entries):
   * its counts are then a floor, and clientRequests is the figure to read.
   */
  readonly emulatorLogFull: boolean;
}

/** The emulator counts requests from its log, which keeps the last 100,000 entries. */
const emulatorLogEntries = 100_000;

export interface ScaleSizeResult {
  readonly reports: number;
  readonly migrated: number;
  readonly views: number;
  readonly collections: number;
  readonly questions: number;
  readonly dashboards: number;
  readonly subscriptions: number;
  readonly generateMs: Summary;
  readonly generatePeakRssMb: Summary;
  /** null when not measured: the step failed (see `failure`) or an earlier one did. */
  readonly viewsTransactionMs: Summary | null;
  readonly viewsNoopMs: Summary | null;
  readonly cold: ProvisionRunFigures | null;
  readonly serial: ProvisionRunFigures | null;
  readonly noop: ProvisionRunFigures | null;
  /** The step that failed and Postgres' or Metabase's message; the run goes on with the next size. */
  readonly failure: string | null;
}

const apiKey = `mb_bench_${randomBytes(12).toString('hex')}`;

interface Emulator {
  readonly url: string;
  reset(): Promise<void>;
  lastSeq(): Promise<number>;
  countsSince(seq: number): Promise<RequestCounts>;
  stop(): Promise<void>;
}

/** The emulator in its own process, as Metabase would be: its CPU time is not the client's. */
async function startEmulatorProcess(projectRoot: string, latencyMs: number): Promise<Emulator> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(projectRoot, 'test', 'emulator', 'main.ts'),
      '--port',
      '0',
      '--latency-ms',
      String(latencyMs),
      '--sync-delay-ms',
      '50',
    ],
    {
      cwd: projectRoot,
      env: { ...process.env, METABASE_API_KEY: apiKey },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(seen);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) =>
      reject(new Error(`the emulator exited (${code}) before listening`)),
    );
  });
  const control = async (method: string, route: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${url}/__emulator/${route}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok) throw new Error(`emulator ${method} ${route}: ${response.status}`);
    return response.status === 204 ? null : response.json();
  };
  const counts = async (since: number) => {
    const body = (await control('GET', `counts?since=${since}`)) as RequestCounts & {
      lastSeq: number;
    };
    return body;
  };
  return {
    url,
    reset: async () => {
      await control('POST', 'reset');
      // reset also zeroes the latency.
      await control('PUT', 'latency', { ms: latencyMs });
    },
    lastSeq: async () => (await counts(0)).lastSeq,
    countsSince: async (seq) => {
      const { reads, writes, auth } = await counts(seq);
      return { reads, writes, auth };
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One `generate` in a fresh child process and a fresh output folder: wall time and peak RSS. */
async function generateOnce(
  projectRoot: string,
  legacyDir: string,
  outDir: string,
): Promise<{ ms: number; peakRssMb: number }> {
  const timeFile = path.join(os.tmpdir(), `dtx-bench-time-${randomBytes(4).toString('hex')}`);
  const { ms } = await timed(
    () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(
          '/usr/bin/time',
          [
            '-f',
            '%M',
            '-o',
            timeFile,
            process.execPath,
            path.join(projectRoot, 'bin', 'dtx-reports.js'),
            'generate',
            '--legacy',
            legacyDir,
            '--out',
            outDir,
          ],
          { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'] },
        );
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        child.once('exit', (code) =>
          code === 0
            ? resolve()
            : reject(new Error(`generate failed (${code}): ${stderr.slice(-2000)}`)),
        );
      }),
  );
  // GNU time's %M is the peak resident set size in kilobytes.
  const kb = Number((await readFile(timeFile, 'utf8')).trim().split('\n').pop());
  await rm(timeFile, { force: true });
  return { ms, peakRssMb: kb / 1024 };
}

async function dropReportingSchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS reporting CASCADE');
  } finally {
    await client.end();
  }
}

export async function runScaleBench(options: ScaleBenchOptions): Promise<ScaleSizeResult[]> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'dtx-bench-scale-'));
  const emulator = await startEmulatorProcess(options.projectRoot, options.latencyMs);
  const results: ScaleSizeResult[] = [];
  try {
    for (const plan of options.plans) {
      const n = plan.reports;
      const legacyDir = path.join(work, `export-${n}`);
      await writeMappableSyntheticExport(
        legacyDir,
        n,
        path.join(options.projectRoot, 'examples', 'legacy-export'),
      );

      options.log(`scale: ${n} reports: generate × ${plan.generateRuns}`);
      const outDir = (run: number) => path.join(work, `out-${n}-${run}`);
      const generated = await repeat(plan.generateRuns, async (run) => {
        const result = await generateOnce(options.projectRoot, legacyDir, outDir(run));
        if (run > 0) await rm(outDir(run), { recursive: true, force: true });
        return result;
      });
      const fromDir = outDir(0);
      const manifest = JSON.parse(await readFile(path.join(fromDir, 'manifest.json'), 'utf8')) as {
        reports: { status: string }[];
      };
      const generatedFiles = await readGeneratedFiles(fromDir, { metabase: true });
      const state = generatedFiles.metabase?.state;

      const database = `bench_scale_${n}`;
      const url = await recreateDatabase(database, options.adminUrl);
      const setup = new pg.Client({ connectionString: url });
      await setup.connect();
      await setup.query(
        await readFile(path.join(options.projectRoot, 'db', 'dtx2-reference-schema.sql'), 'utf8'),
      );
      await setup.end();

      const settings = (concurrency: number, metabase: boolean): ProvisionSettings => ({
        email: null,
        fromDir,
        databaseUrl: url,
        role: { ...options.role, settings: reportingRoleSettings(defaultReportingRoleLimits) },
        rotateSecrets: false,
        lock: { timeoutMs: 60_000, applicationName: 'dtx-reports bench' },
        metabase: metabase
          ? {
              client: createMetabaseClient({
                baseUrl: emulator.url,
                auth: { kind: 'api-key', apiKey },
                timeoutMs: 60_000,
              }),
              connection: {
                name: 'DTX 2.0 reporting',
                host: '127.0.0.1',
                port: Number(new URL(url).port || 5432),
                dbname: database,
                ssl: false,
              },
              // The CLI's defaults (provision-settings.ts).
              syncTimeoutMs: 300_000,
              syncPollMs: 1000,
            }
          : null,
        prune: false,
        concurrency,
      });
      const deps = {
        progress: silentProgress,
        sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
        now: () => Date.now(),
        onLockWait: () => undefined,
      };

      let stage = 'views transaction';
      let viewsRuns: { cold: number; noop: number }[] | null = null;
      let cold: ProvisionRunFigures | null = null;
      let noop: ProvisionRunFigures | null = null;
      let serial: ProvisionRunFigures | null = null;
      let failure: string | null = null;
      try {
        options.log(`scale: ${n} reports: views transaction × ${plan.viewsRuns}`);
        viewsRuns = await repeat(plan.viewsRuns, async () => {
          await dropReportingSchema(url);
          const cold = await timed(() => runProvision('apply', settings(8, false), deps));
          const noop = await timed(() => runProvision('apply', settings(8, false), deps));
          if (noop.value.applied) throw new Error('a second views-only run changed something');
          return { cold: cold.ms, noop: noop.ms };
        });

        const provisionRuns = async (
          label: string,
          runs: number,
          concurrency: number,
          kind: 'cold' | 'noop',
        ): Promise<ProvisionRunFigures> => {
          const wall: number[] = [];
          const counts: RequestCounts[] = [];
          let clientRequests: RequestCounts | null = null;
          await repeat(runs, async (run) => {
            options.log(`scale: ${n} reports: ${label} ${run + 1}/${runs}`);
            if (kind === 'cold') {
              await emulator.reset();
              await dropReportingSchema(url);
            } else if ((await emulator.lastSeq()) === 0) {
              await runProvision('apply', settings(8, true), deps);
            }
            const since = await emulator.lastSeq();
            const { ms, value } = await timed(() =>
              runProvision('apply', settings(concurrency, true), deps),
            );
            wall.push(ms);
            clientRequests = value.requests
              ? {
                  reads: value.requests.reads,
                  writes: value.requests.writes,
                  auth: value.requests.auth,
                }
              : null;
            counts.push(await emulator.countsSince(since));
          });
          const last = counts[counts.length - 1] ?? { reads: 0, writes: 0, auth: 0 };
          return {
            wallMs: summarize(wall),
            requests: last,
            requestsPerRun: counts,
            clientRequests,
            emulatorLogFull: counts.some((c) => c.reads + c.writes + c.auth >= emulatorLogEntries),
          };
        };

        stage = 'cold provision (concurrency 8)';
        cold = await provisionRuns(stage, plan.coldRuns, 8, 'cold');
        stage = 'no-op provision';
        noop = await provisionRuns(stage, plan.noopRuns, 8, 'noop');
        stage = 'cold provision (concurrency 1)';
        serial =
          plan.serialRuns > 0 ? await provisionRuns(stage, plan.serialRuns, 1, 'cold') : null;
      } catch (error) {
        failure = `${stage}: ${error instanceof Error ? error.message : String(error)}`;
        options.log(`scale: ${n} reports: FAILED ${failure}`);
      } finally {
        await emulator.reset();
        if (!options.keep) await dropDatabase(database, options.adminUrl);
      }

      results.push({
        reports: n,
        migrated: manifest.reports.filter((r) => r.status === 'migrated').length,
        views: generatedFiles.views.views.length,
        collections: state?.collections.length ?? 0,
        questions: state?.questions.length ?? 0,
        dashboards: state?.dashboards.length ?? 0,
        subscriptions: state?.subscriptions.length ?? 0,
        generateMs: summarize(generated.map((g) => g.ms)),
        generatePeakRssMb: summarize(generated.map((g) => g.peakRssMb)),
        viewsTransactionMs: viewsRuns ? summarize(viewsRuns.map((r) => r.cold)) : null,
        viewsNoopMs: viewsRuns ? summarize(viewsRuns.map((r) => r.noop)) : null,
        cold,
        serial,
        noop,
        failure,
      });
    }
  } finally {
    await emulator.stop();
    if (!options.keep) await rm(work, { recursive: true, force: true });
  }
  return results;
}
