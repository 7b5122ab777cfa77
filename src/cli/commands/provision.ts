import path from 'node:path';
import pg from 'pg';
import { provisionViews } from '../../apply/postgres/provision-views.ts';
import { readViewFiles } from '../../apply/postgres/read-view-files.ts';
import { viewPlanItems, viewPlanSummary } from '../../apply/postgres/view-plan-items.ts';
import { InputError, RemoteError } from '../../errors.ts';
import { totalsOf } from '../../plan/types.ts';
import { ExitCode } from '../exit-codes.ts';
import { renderPlanText } from '../render/plan-text.ts';
import type { RegisterCommand } from './command.ts';

interface ProvisionFlags {
  readonly viewsOnly?: boolean;
  readonly from?: string;
  readonly databaseUrl?: string;
  readonly dryRun?: boolean;
}

export const defaultReportingRole = 'dtx_reporting_reader';

export const registerProvision: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('provision')
    .description(
      'Apply the generated files. --views-only: the reporting views and the Metabase login role in\n' +
        'PostgreSQL (DATABASE_URL or --database-url; role REPORTING_DB_ROLE, default\n' +
        `${defaultReportingRole}, password REPORTING_DB_PASSWORD), in one transaction; a second run\n` +
        'changes nothing.',
    )
    .option('--views-only', 'provision the PostgreSQL views and role only')
    .option('--from <dir>', 'folder holding views/ (default: the project folder)')
    .option('--database-url <url>', 'PostgreSQL connection URL (overrides DATABASE_URL)')
    .option('--dry-run', 'show the plan, change nothing')
    .action(async (flags: ProvisionFlags) => {
      if (!flags.viewsOnly) {
        throw new InputError(
          'Metabase provisioning is not available in this build yet; run with --views-only.',
        );
      }
      const url = flags.databaseUrl ?? io.env['DATABASE_URL'];
      if (url === undefined || url === '') {
        throw new InputError(
          'no target database: set DATABASE_URL or pass --database-url postgres://user@host:5432/db',
        );
      }
      const target = describeTarget(url);
      const fromDir = flags.from === undefined ? io.projectRoot : path.resolve(io.cwd, flags.from);
      // Files first: a bad file stops us before we connect.
      const desired = await readViewFiles(fromDir);
      const password = io.env['REPORTING_DB_PASSWORD'];
      const role = {
        name: io.env['REPORTING_DB_ROLE'] || defaultReportingRole,
        password: password === undefined || password === '' ? null : password,
      };

      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
      } catch (error) {
        throw new RemoteError(
          `cannot connect to PostgreSQL at ${target} (${withoutSecret(error, url)})`,
          {
            system: 'postgres',
          },
        );
      }
      try {
        const result = await provisionViews(client, desired, {
          role,
          dryRun: flags.dryRun ?? false,
        });
        const items = viewPlanItems(result.plan);
        io.out(
          `provision --views-only on ${target}${flags.dryRun ? ' (dry run: nothing changed)' : ''}\n\n`,
        );
        io.out(renderPlanText({ items, totals: totalsOf(items) }));
        for (const warning of result.plan.warnings) io.out(`warning: ${warning}\n`);
        io.out(`${viewPlanSummary(result.plan)}\n`);
        io.out(
          result.applied
            ? 'Applied in one transaction.\n'
            : result.plan.changed
              ? ''
              : 'Nothing to do: no statement was sent.\n',
        );
      } catch (error) {
        if (error instanceof RemoteError || error instanceof InputError) throw error;
        throw new RemoteError(`PostgreSQL at ${target}: ${withoutSecret(error, url)}`, {
          system: 'postgres',
        });
      } finally {
        await client.end().catch(() => undefined);
      }
      setExitCode(ExitCode.ok);
    });
};

/** user@host:port/database, never the password. */
function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username === '' ? '' : `${decodeURIComponent(parsed.username)}@`;
    return `${user}${parsed.host}${parsed.pathname}`;
  } catch {
    throw new InputError(
      'the database URL is not a valid URL; expected postgres://user@host:5432/db',
    );
  }
}

function withoutSecret(error: unknown, url: string): string {
  const message = error instanceof Error ? error.message : String(error);
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // Unparseable URLs were rejected earlier.
  }
  return password === '' ? message : message.split(password).join('***');
}
