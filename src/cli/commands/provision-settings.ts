import path from 'node:path';
import type { Command } from 'commander';
import type { MetabaseTarget, ProvisionSettings } from '../../provision.ts';
import type { DesiredEmail } from '../../desired/metabase/desired-metadata.ts';
import { InputError } from '../../errors.ts';
import {
  noMaterializedViews,
  parseMaterializeSelection,
  type MaterializeSelection,
} from '../../plan/postgres/materialize-views.ts';
import { metabaseConnectionFromEnv } from '../../metabase/client-options-from-env.ts';
import { createMetabaseClient } from '../../metabase/metabase-client.ts';
import { postgresUrlProblem } from '../database-url.ts';
import type { CliIo } from '../io.ts';
import {
  defaultReportingRoleLimits,
  reportingRoleSettings,
} from '../../plan/postgres/reporting-role-settings.ts';
import {
  applicationName,
  defaultLockTimeoutSeconds,
  lockTimeoutFrom,
} from '../run-lock-options.ts';

export const defaultReportingRole = 'dtx_reporting_reader';
export const defaultMetabaseDatabaseName = 'DTX 2.0 reporting';

/** Flags shared by `plan` and `provision`. */
export interface TargetFlags {
  readonly from?: string;
  readonly databaseUrl?: string;
  readonly metabaseUrl?: string;
  readonly metabaseDatabaseName: string;
  readonly reportingDbHost?: string;
  readonly reportingDbPort?: string;
  readonly reportingDbName?: string;
  readonly concurrency: string;
  readonly syncTimeout: string;
  readonly requestTimeout: string;
  readonly prune?: boolean;
  readonly viewsOnly?: boolean;
  readonly materialize?: string;
  /** false with --no-permissions. */
  readonly permissions?: boolean;
  readonly deactivateRevoked?: boolean;
  readonly rotateSecrets?: boolean;
  readonly reportingStatementTimeout?: string;
  readonly reportingIdleTimeout?: string;
  /** provision only: plan does not take the run lock. */
  readonly lockTimeout?: string;
}

export function addTargetOptions(command: Command): Command {
  return command
    .option('--from <dir>', 'folder holding views/, questions/, dashboards/ (default: the project)')
    .option('--database-url <url>', 'DTX 2.0 PostgreSQL (overrides DATABASE_URL)')
    .option('--metabase-url <url>', 'Metabase base URL (overrides METABASE_URL)')
    .option(
      '--metabase-database-name <name>',
      'name of the Metabase database connection we manage',
      defaultMetabaseDatabaseName,
    )
    .option(
      '--reporting-db-host <host>',
      'host Metabase uses to reach PostgreSQL (REPORTING_DB_HOST; default: the DATABASE_URL host)',
    )
    .option(
      '--reporting-db-port <port>',
      'port Metabase uses (REPORTING_DB_PORT; default: DATABASE_URL)',
    )
    .option('--reporting-db-name <name>', 'database name Metabase uses (REPORTING_DB_NAME)')
    .option('--concurrency <n>', 'Metabase requests in flight at once', '8')
    .option('--sync-timeout <seconds>', 'how long to wait for Metabase to sync the views', '300')
    .option('--request-timeout <seconds>', 'timeout of one Metabase request', '30')
    .option('--prune', 'archive managed objects that are no longer in the code (never deletes)')
    .option('--views-only', 'only the PostgreSQL views and the reporting role; no Metabase')
    .option(
      '--no-permissions',
      "leave Metabase users, groups and permissions alone (default: manage them from DTX 2.0's report grants)",
    )
    .option(
      '--deactivate-revoked',
      'deactivate Metabase users who have no DTX 2.0 reports grant left, are in no other group and are not admins',
    )
    .option(
      '--materialize <views>',
      'report views to create as materialized views, refreshed by `dtx-reports refresh`: ' +
        '`aggregates`, view names separated by commas, or `none` (default). Faster, but only as ' +
        'fresh as the last refresh; pass it on every run (a run without it makes them live views again)',
    )
    .option(
      '--rotate-secrets',
      "send the reporting role's password (REPORTING_DB_PASSWORD) and the SMTP password " +
        '(MB_EMAIL_SMTP_PASSWORD) to Metabase again, even where nothing shows they changed',
    )
    .option(
      '--reporting-statement-timeout <seconds>',
      'statement_timeout of the reporting role (REPORTING_DB_STATEMENT_TIMEOUT; default 60)',
    )
    .option(
      '--reporting-idle-timeout <seconds>',
      'idle_in_transaction_session_timeout of the reporting role (REPORTING_DB_IDLE_TIMEOUT; default 60)',
    );
}

/** Flags and environment → settings. Every problem is reported at once, before any connection. */
export function provisionSettings(
  flags: TargetFlags,
  io: CliIo,
  command: 'plan' | 'provision',
): ProvisionSettings {
  const problems: string[] = [];
  const databaseUrl = flags.databaseUrl ?? io.env['DATABASE_URL'] ?? '';
  let dbUrl: URL | null = null;
  if (databaseUrl === '') {
    problems.push(
      'no DTX 2.0 database: set DATABASE_URL or pass --database-url postgres://user@host:5432/db',
    );
  } else {
    const problem = postgresUrlProblem(databaseUrl);
    if (problem === null) dbUrl = new URL(databaseUrl);
    else problems.push(problem);
  }
  const concurrency = wholeNumberIn(
    '--concurrency',
    flags.concurrency,
    bounds.concurrency,
    problems,
  );
  const syncTimeout = wholeNumberIn('--sync-timeout', flags.syncTimeout, bounds.seconds, problems);
  const requestTimeout = wholeNumberIn(
    '--request-timeout',
    flags.requestTimeout,
    bounds.seconds,
    problems,
  );
  const password = io.env['REPORTING_DB_PASSWORD'];
  const role = {
    name: io.env['REPORTING_DB_ROLE'] || defaultReportingRole,
    password: password === undefined || password === '' ? null : password,
    settings: reportingRoleSettings({
      statementTimeoutSeconds: boundedSeconds(
        '--reporting-statement-timeout',
        flags.reportingStatementTimeout ??
          io.env['REPORTING_DB_STATEMENT_TIMEOUT'] ??
          String(defaultReportingRoleLimits.statementTimeoutSeconds),
        problems,
      ),
      idleInTransactionSeconds: boundedSeconds(
        '--reporting-idle-timeout',
        flags.reportingIdleTimeout ??
          io.env['REPORTING_DB_IDLE_TIMEOUT'] ??
          String(defaultReportingRoleLimits.idleInTransactionSeconds),
        problems,
      ),
    }),
  };
  let lockTimeoutMs = 60_000;
  try {
    lockTimeoutMs = lockTimeoutFrom(flags.lockTimeout ?? defaultLockTimeoutSeconds);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(error.message);
  }

  let metabase: MetabaseTarget | null = null;
  if (!flags.viewsOnly) {
    const env = flags.metabaseUrl ? { ...io.env, METABASE_URL: flags.metabaseUrl } : io.env;
    try {
      const connection = metabaseConnectionFromEnv(env);
      const port = flags.reportingDbPort ?? io.env['REPORTING_DB_PORT'] ?? (dbUrl?.port || '5432');
      metabase = {
        client: createMetabaseClient({ ...connection, timeoutMs: requestTimeout * 1000 }),
        connection: {
          name: flags.metabaseDatabaseName,
          host:
            flags.reportingDbHost ?? io.env['REPORTING_DB_HOST'] ?? dbUrl?.hostname ?? 'localhost',
          port: wholeNumberIn('--reporting-db-port', port, bounds.port, problems),
          dbname:
            flags.reportingDbName ??
            io.env['REPORTING_DB_NAME'] ??
            decodeURIComponent(dbUrl?.pathname.replace(/^\//, '') ?? ''),
          ssl: ['require', 'verify-ca', 'verify-full'].includes(
            dbUrl?.searchParams.get('sslmode') ?? '',
          ),
        },
        syncTimeoutMs: syncTimeout * 1000,
        syncPollMs: 200,
      };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...(error.details.length > 0 ? error.details : [error.message]));
      problems.push('(or run with --views-only to provision the PostgreSQL views alone)');
    }
  }
  const email = flags.viewsOnly ? null : emailSettings(io.env, problems);
  let materialize: MaterializeSelection = noMaterializedViews;
  try {
    materialize = parseMaterializeSelection(flags.materialize ?? 'none');
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(error.message, ...error.details);
  }
  if (problems.length > 0)
    throw new InputError('cannot start: the configuration is incomplete.', problems);
  return {
    email,
    fromDir: flags.from === undefined ? io.projectRoot : path.resolve(io.cwd, flags.from),
    databaseUrl,
    role,
    metabase,
    prune: flags.prune ?? false,
    concurrency,
    materialize,
    permissions: {
      enabled: flags.permissions !== false,
      deactivateRevoked: flags.deactivateRevoked ?? false,
    },
    rotateSecrets: flags.rotateSecrets ?? false,
    lock: { timeoutMs: lockTimeoutMs, applicationName: applicationName(command) },
  };
}

/** Whole seconds from 1 to a day: a role limit of 0 would mean none at all. */
function boundedSeconds(flag: string, value: string, problems: string[]): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 86_400) {
    problems.push(`${flag} must be a whole number of seconds from 1 to 86400, got "${value}"`);
    return 1;
  }
  return n;
}

const smtpSecurity = ['none', 'ssl', 'tls', 'starttls'] as const;

/** MB_EMAIL_SMTP_* (the names Metabase's own environment uses): SMTP is managed only when given. */
function emailSettings(env: CliIo['env'], problems: string[]): DesiredEmail | null {
  const host = env['MB_EMAIL_SMTP_HOST']?.trim() ?? '';
  if (host === '') return null;
  const security = env['MB_EMAIL_SMTP_SECURITY']?.trim() || 'none';
  const known = smtpSecurity.find((s) => s === security);
  if (!known)
    problems.push(
      `MB_EMAIL_SMTP_SECURITY must be one of ${smtpSecurity.join(', ')}, got "${security}"`,
    );
  return {
    host,
    port: wholeNumberIn(
      'MB_EMAIL_SMTP_PORT',
      env['MB_EMAIL_SMTP_PORT']?.trim() || '25',
      bounds.port,
      problems,
    ),
    security: known ?? 'none',
    username: env['MB_EMAIL_SMTP_USERNAME']?.trim() || null,
    password: env['MB_EMAIL_SMTP_PASSWORD'] || null,
    fromAddress: env['MB_EMAIL_FROM_ADDRESS']?.trim() || null,
  };
}

/**
 * The range each number may take. Concurrency: Metabase serves requests from a fixed Jetty
 * pool (50 threads by default) shared with its users; more than 32 in flight only queues there
 * (and `1e9` would open that many sockets). Seconds: up to a day.
 */
const bounds = {
  concurrency: { min: 1, max: 32 },
  seconds: { min: 1, max: 86_400 },
  port: { min: 1, max: 65_535 },
} as const;

/** A whole number written in digits (not `1e3`, `0x10` or `8.0`) within its bounds. */
function wholeNumberIn(
  flag: string,
  value: string,
  range: { readonly min: number; readonly max: number },
  problems: string[],
): number {
  const n = /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!(n >= range.min && n <= range.max)) {
    problems.push(
      `${flag} must be a whole number from ${range.min} to ${range.max}, got "${value}"`,
    );
    return range.min;
  }
  return n;
}

export { describeDatabase } from '../database-url.ts';
