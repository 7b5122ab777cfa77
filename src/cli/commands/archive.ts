import pg from 'pg';
import { writeArchive } from '../../apply/archive/write-archive.ts';
import { connectionLostError, isConnectionLoss } from '../../apply/postgres/postgres-session.ts';
import { RemoteError } from '../../errors.ts';
import { databaseUrlFrom, describeDatabase, withoutSecret } from '../database-url.ts';
import { readLegacyExport } from '../../legacy/read-export.ts';
import { checkRowsLeftOut } from '../../legacy/rows-left-out.ts';
import { ExitCode } from '../exit-codes.ts';
import type { RegisterCommand } from './command.ts';
import { dialectFrom, dialectOption, legacyDir, legacyOption } from './legacy-options.ts';
import { allowProblemsOption, reportRowsLeftOut } from './rows-left-out-check.ts';

interface ArchiveFlags {
  readonly legacy?: string;
  readonly dialect?: string;
  readonly databaseUrl?: string;
  readonly allowProblems?: boolean;
  readonly force?: boolean;
}

export const registerArchive: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('archive')
    .summary('load the DTX 1.0 export into schema dtx1_archive (one transaction)')
    .description(
      'Load all 8 DTX 1.0 tables into schema dtx1_archive (typed columns; decoded recipients as jsonb ' +
        'beside the raw PHP text; load_problem lists what the reader reported) in one transaction. ' +
        'A re-run replaces the archive atomically; a failure leaves the previous archive as it was. ' +
        'Rows the reader cannot take stop the run unless --allow-problems; an archive whose tables ' +
        'would lose rows is only replaced with --force. ' +
        'Target: --database-url, else the DATABASE_URL environment variable.',
    )
    .addOption(legacyOption)
    .addOption(dialectOption)
    .option('--database-url <url>', 'PostgreSQL connection URL (overrides DATABASE_URL)')
    .addOption(allowProblemsOption)
    .option('--force', 'replace the archive even when a table of it would end up with fewer rows')
    .action(async (flags: ArchiveFlags) => {
      const url = databaseUrlFrom(flags.databaseUrl, io.env);
      const target = describeDatabase(url);
      // Read and validate everything before touching the database.
      const legacy = await readLegacyExport(
        legacyDir(io, flags.legacy),
        dialectFrom(flags.dialect),
      );
      const rowsLeftOut = checkRowsLeftOut(legacy, 'archive', flags.allowProblems ?? false);
      const client = new pg.Client({
        connectionString: url,
        application_name: 'dtx-reports archive',
      });
      // A session ended by the server must become the failed query's error, not an uncaught
      // 'error' event with a stack (postgres-session.ts).
      client.on('error', () => undefined);
      try {
        await client.connect();
      } catch (error) {
        throw new RemoteError(
          `cannot connect to PostgreSQL at ${target} (${withoutSecret(error, url)})`,
          { system: 'postgres' },
        );
      }
      try {
        const summary = await writeArchive(client, legacy, { force: flags.force ?? false }).catch(
          (error: unknown) => {
            if (error instanceof RemoteError || !isConnectionLoss(error)) throw error;
            throw connectionLostError(
              error,
              'archive',
              'nothing was committed, the previous archive is as it was: run archive again.',
            );
          },
        );
        io.out(`archive: loaded schema ${summary.schema} on ${target}\n`);
        reportRowsLeftOut(io, rowsLeftOut);
        const width = Math.max(...summary.tables.map((t) => t.table.length));
        for (const { table, rows } of summary.tables)
          io.out(`  ${table.padEnd(width)}  ${String(rows).padStart(8)} rows\n`);
        if (rowsLeftOut.length > 0)
          io.out(`  every problem is also in ${summary.schema}.load_problem\n`);
      } finally {
        await client.end().catch(() => undefined);
      }
      setExitCode(ExitCode.ok);
    });
};
