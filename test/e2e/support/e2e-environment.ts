import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../emulator/server.ts';
import type { MetabaseVersion } from '../../emulator/metabase-version.ts';
import {
  adminUrl,
  createScratchDatabase,
  type ScratchDatabase,
} from '../../support/scratch-database.ts';
import { loadTestDemoData } from '../../support/demo-data.ts';
import { runCli } from '../../support/run-cli.ts';

/**
 * One end-to-end world per test file: a fresh DTX 2.0 database (reference schema + a small demo
 * data set) on the real local Postgres, the Metabase emulator over real HTTP syncing that database
 * as the reporting role, and the real CLI run in-process through `main(argv, io)`.
 */

const apiKey = 'mb_e2e_KEY_0123456789abcdef';
const reportingPassword = 'E2e-reporting-Passw0rd';

export interface CliRun {
  readonly exitCode: number;
  readonly out: string;
  readonly err: string;
  /** Emulator log sequence numbers before and after the run (`counts(since)` bounds). */
  readonly fromSeq: number;
  readonly toSeq: number;
}

export interface E2eEnvironment {
  readonly db: ScratchDatabase;
  readonly emulator: RunningEmulator;
  /** Cluster-wide, so unique per file and dropped by `close()`. */
  readonly role: string;
  /** The scratch database as the reporting role (what Metabase connects as). */
  readonly reportingUrl: string;
  /**
   * `main(argv, io)` with DATABASE_URL, METABASE_* and REPORTING_DB_* set; `--from` is not added.
   * `env` adds to or overrides that environment for this run.
   */
  cli(argv: readonly string[], env?: Readonly<Record<string, string>>): Promise<CliRun>;
  /** The environment `cli` runs with (for a CLI started as a child process). */
  readonly env: Readonly<Record<string, string>>;
  /** A request as a person in the Metabase UI would send it (API key auth), parsed JSON back. */
  api<T = unknown>(method: string, apiPath: string, body?: unknown): Promise<T>;
  /** The same, answering the raw response text (for byte-for-byte comparisons). */
  apiText(method: string, apiPath: string, body?: unknown): Promise<string>;
  close(): Promise<void>;
}

export interface E2eOptions {
  readonly records: number;
  readonly seed?: number;
  readonly dbPrefix: string;
  /** The Metabase line the emulator plays (default 0.58). */
  readonly metabaseVersion?: MetabaseVersion;
  /** Anything else for the emulator (env-locked settings, a non-admin key…). */
  readonly emulator?: EmulatorOptions;
  /** Extra environment for the CLI (e.g. MB_EMAIL_SMTP_*). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The profiles the e2e suites run against: 0.58 (LTS) always; 0.63 as well unless
 * E2E_METABASE_VERSIONS narrows it (e.g. `0.58` for a quick local run).
 */
export const e2eMetabaseVersions: readonly MetabaseVersion[] = (
  process.env['E2E_METABASE_VERSIONS'] ?? '0.58,0.63'
)
  .split(',')
  .map((v) => v.trim())
  .filter((v): v is MetabaseVersion => v === '0.58' || v === '0.63');

export async function startE2eEnvironment(options: E2eOptions): Promise<E2eEnvironment> {
  const role = `dtx_e2e_${randomBytes(4).toString('hex')}`;
  const db = await createScratchDatabase(options.dbPrefix);
  const reporting = new URL(db.url);
  reporting.username = role;
  reporting.password = reportingPassword;
  const reportingUrl = reporting.toString();
  let emulator: RunningEmulator | null = null;
  try {
    await loadTestDemoData(db.url, { records: options.records, seed: options.seed ?? 7 });
    // The emulator syncs as the reporting role, so it sees exactly what that role may SELECT.
    emulator = await startEmulator({
      apiKey,
      syncDelayMs: 0,
      databaseUrl: reportingUrl,
      metabaseVersion: options.metabaseVersion ?? '0.58',
      ...options.emulator,
    });
  } catch (error) {
    await db.drop();
    throw error;
  }
  const running = emulator;

  const env: Readonly<Record<string, string>> = {
    DATABASE_URL: db.url,
    METABASE_URL: running.url,
    METABASE_API_KEY: apiKey,
    REPORTING_DB_ROLE: role,
    REPORTING_DB_PASSWORD: reportingPassword,
    ...options.env,
  };

  const send = async (method: string, apiPath: string, body: unknown) => {
    const response = await fetch(`${running.url}${apiPath}`, {
      method,
      headers: {
        'x-api-key': apiKey,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status} ${text}`);
    const json = response.headers.get('content-type')?.includes('application/json') ?? false;
    return { text, json };
  };

  return {
    db,
    emulator: running,
    role,
    reportingUrl,
    env,
    async cli(argv, extra = {}) {
      const fromSeq = running.controls.lastSeq;
      const run = await runCli(argv, { env: { ...env, ...extra } });
      await running.controls.waitForSyncs();
      return {
        exitCode: run.code,
        out: run.out,
        err: run.err,
        fromSeq,
        toSeq: running.controls.lastSeq,
      };
    },
    async api<T>(method: string, apiPath: string, body?: unknown): Promise<T> {
      const { text, json } = await send(method, apiPath, body);
      return (json ? JSON.parse(text) : text === '' ? null : text) as T;
    },
    async apiText(method: string, apiPath: string, body?: unknown): Promise<string> {
      return (await send(method, apiPath, body)).text;
    },
    async close() {
      await running.close();
      await db.drop();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`DROP ROLE IF EXISTS ${role}`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** For assertion messages: what the command said, so a failure explains itself. */
export function transcript(run: CliRun): string {
  return `exit ${run.exitCode}\n--- stdout ---\n${run.out.slice(-4000)}\n--- stderr ---\n${run.err.slice(-4000)}`;
}
