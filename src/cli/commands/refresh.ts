import path from 'node:path';
import { readViewFiles } from '../../observe/files/read-view-files.ts';
import { refreshMaterializedViews } from '../../apply/postgres/refresh-materialized-views.ts';
import { RemoteError } from '../../errors.ts';
import {
  connectionLostError,
  isConnectionLoss,
  openPostgresSession,
} from '../../apply/postgres/postgres-session.ts';
import { databaseUrlFrom, describeDatabase } from '../database-url.ts';
import {
  applicationName,
  defaultLockTimeoutSeconds,
  lockTimeoutFlag,
  lockTimeoutFrom,
  lockTimeoutHelp,
  lockWaitNotice,
} from '../run-lock-options.ts';
import { ExitCode } from '../exit-codes.ts';
import { progressReporter } from '../render/progress-reporter.ts';
import type { RegisterCommand } from './command.ts';

interface RefreshFlags {
  readonly from?: string;
  readonly databaseUrl?: string;
  readonly views?: string;
  readonly json?: boolean;
  readonly lockTimeout: string;
}

export const registerRefresh: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('refresh')
    .summary('recompute the materialized report views (provision --materialize)')
    .description(
      'Recompute every materialized report view dtx-reports manages (created by ' +
        '`provision --materialize`), one at a time, with REFRESH MATERIALIZED VIEW CONCURRENTLY: ' +
        'dashboards keep reading the previous data until each refresh commits. Run it from cron ' +
        'as often as the reports must be fresh (DTX 1.0 refreshed its snapshot nightly). ' +
        'Touches nothing else. Target: --database-url, else DATABASE_URL.',
    )
    .option('--from <dir>', 'folder holding views/ (for the schema name; default: the project)')
    .option('--database-url <url>', 'PostgreSQL connection URL (overrides DATABASE_URL)')
    .option('--views <names>', 'only these materialized views, separated by commas')
    .option('--json', 'print what was refreshed as JSON (keys: schema, views[view,ms,rows])')
    .option(lockTimeoutFlag, lockTimeoutHelp, defaultLockTimeoutSeconds)
    .action(async (flags: RefreshFlags) => {
      const url = databaseUrlFrom(flags.databaseUrl, io.env);
      const fromDir = flags.from === undefined ? io.projectRoot : path.resolve(io.cwd, flags.from);
      const { schema } = await readViewFiles(fromDir);
      const only =
        flags.views === undefined
          ? null
          : flags.views
              .split(',')
              .map((name) => name.trim().replace(new RegExp(`^${schema}\\.`), ''))
              .filter((name) => name !== '');
      io.err(`refresh: ${describeDatabase(url)}, schema ${schema}\n`);
      const lockTimeoutMs = lockTimeoutFrom(flags.lockTimeout);
      const session = await openPostgresSession(url, {
        applicationName: applicationName('refresh'),
        describe: describeDatabase(url),
      });
      const client = session.client;
      const started = Date.now();
      try {
        const refreshed = await refreshMaterializedViews(client, {
          schema,
          only,
          progress: progressReporter(io.err, io.interactive),
          now: () => Date.now(),
          lock: { timeoutMs: lockTimeoutMs, onWait: lockWaitNotice(io) },
        }).catch((error: unknown) => {
          if (error instanceof RemoteError || !isConnectionLoss(error)) throw error;
          throw connectionLostError(error, 'refresh', 'run refresh again.');
        });
        if (flags.json) {
          io.out(`${JSON.stringify({ schema, views: refreshed }, null, 2)}\n`);
        } else if (refreshed.length === 0) {
          io.out(
            `No materialized views in ${schema}: nothing to refresh (see provision --materialize).\n`,
          );
        } else {
          const width = Math.max(...refreshed.map((r) => r.view.length));
          for (const r of refreshed) {
            io.out(
              `  ${schema}.${r.view.padEnd(width)}  ${(r.ms / 1000).toFixed(1).padStart(7)} s  ${r.rows.toLocaleString('en-US').padStart(11)} rows${r.concurrently ? '' : '  (first fill, not concurrent)'}\n`,
            );
          }
          io.out(
            `Refreshed ${refreshed.length} materialized view${refreshed.length === 1 ? '' : 's'} in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
          );
        }
      } finally {
        await session.end();
      }
      setExitCode(ExitCode.ok);
    });
};
