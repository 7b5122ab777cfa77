import { Command } from 'commander';
import { runProvision, type ProvisionOutcome } from '../../provision.ts';
import { hasChanges } from '../../plan/types.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { progressReporter } from '../render/progress-reporter.ts';
import { renderPlanText } from '../render/plan-text.ts';
import type { RegisterCommand } from './command.ts';
import {
  defaultLockTimeoutSeconds,
  lockTimeoutFlag,
  lockTimeoutHelp,
  lockWaitNotice,
} from '../run-lock-options.ts';
import {
  addTargetOptions,
  defaultReportingRole,
  describeDatabase,
  provisionSettings,
  type TargetFlags,
} from './provision-settings.ts';

interface ProvisionFlags extends TargetFlags {
  readonly dryRun?: boolean;
  readonly json?: boolean;
}

export const registerProvision: RegisterCommand = (program, io, setExitCode) => {
  const command = new Command('provision')
    .summary('apply the generated files to PostgreSQL and Metabase')
    .description(
      'Make PostgreSQL and Metabase match the generated files, in order: the reporting views and ' +
        `the login role Metabase uses (REPORTING_DB_ROLE, default ${defaultReportingRole}; password ` +
        'REPORTING_DB_PASSWORD) in one transaction → the Metabase database connection → sync → ' +
        'table and field metadata → collections → questions → dashboards → subscriptions → ' +
        "settings. Files, the DTX 2.0 catalog, Metabase credentials and every question's SQL are " +
        'checked before the first write. Idempotent: a second run changes nothing. ' +
        'Environment: DATABASE_URL, METABASE_URL, METABASE_API_KEY or METABASE_USER/METABASE_PASSWORD.',
    )
    .option('--dry-run', 'print the plan and change nothing (same as `plan`)')
    .option('--json', 'print the plan and the result as JSON')
    .option(lockTimeoutFlag, lockTimeoutHelp, defaultLockTimeoutSeconds);
  addTargetOptions(command).action(async (flags: ProvisionFlags) => {
    const settings = provisionSettings(flags, io, 'provision');
    const target = `${describeDatabase(settings.databaseUrl)}${settings.metabase ? ' and Metabase' : ' (views only)'}`;
    io.err(`provision${flags.dryRun ? ' --dry-run' : ''}: ${target}\n`);
    const started = Date.now();
    const outcome = await runProvision(flags.dryRun ? 'plan' : 'apply', settings, {
      progress: progressReporter(io.err, io.interactive),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      now: () => Date.now(),
      onLockWait: lockWaitNotice(io),
    });
    if (outcome.metabaseProfile !== null) io.err(`${outcome.metabaseProfile}\n`);
    report(io, outcome, {
      dryRun: flags.dryRun ?? false,
      json: flags.json ?? false,
      seconds: (Date.now() - started) / 1000,
    });
    setExitCode(ExitCode.ok);
  });
  program.addCommand(command);
};

function report(
  io: CliIo,
  outcome: ProvisionOutcome,
  options: { readonly dryRun: boolean; readonly json: boolean; readonly seconds: number },
): void {
  const applied = Object.fromEntries(outcome.applyCounts);
  if (options.json) {
    io.out(
      `${JSON.stringify({ ...outcome.plan, dryRun: options.dryRun, applied, requests: outcome.requests, warnings: outcome.warnings }, null, 2)}\n`,
    );
    return;
  }
  io.out(renderPlanText(outcome.plan));
  io.out(`${outcome.viewSummary}\n`);
  for (const warning of outcome.warnings) io.out(`warning: ${warning}\n`);
  if (options.dryRun) {
    io.out('Dry run: nothing was changed.\n');
    return;
  }
  if (!hasChanges(outcome.plan) && outcome.applyCounts.size === 0) {
    io.out('Nothing to do: no statement or request was sent.\n');
  } else {
    if (outcome.applyCounts.has('view') || outcome.applyCounts.has('database-role')) {
      io.out('Views and role applied in one transaction.\n');
    }
    io.out('\nApplied:\n');
    for (const [kind, c] of outcome.applyCounts) {
      io.out(
        `  ${kind.padEnd(13)} ${c.created} created, ${c.updated} updated, ${c.archived} archived\n`,
      );
    }
  }
  const r = outcome.requests;
  io.out(
    `Done in ${options.seconds.toFixed(1)}s${r ? ` (Metabase requests: ${r.reads} reads, ${r.writes} writes${r.retries ? `, ${r.retries} retried` : ''})` : ''}.\n`,
  );
}
