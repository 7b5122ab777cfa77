import { Command } from 'commander';
import { runProvision } from '../../provision.ts';
import { hasChanges } from '../../plan/types.ts';
import { ExitCode } from '../exit-codes.ts';
import { progressReporter } from '../render/progress-reporter.ts';
import { renderPlanText } from '../render/plan-text.ts';
import type { RegisterCommand } from './command.ts';
import { lockWaitNotice } from '../run-lock-options.ts';
import {
  addTargetOptions,
  describeDatabase,
  provisionSettings,
  type TargetFlags,
} from './provision-settings.ts';

interface PlanFlags extends TargetFlags {
  readonly json?: boolean;
  readonly detailedExitcode?: boolean;
  readonly showUnchanged?: boolean;
}

export const registerPlan: RegisterCommand = (program, io, setExitCode) => {
  const command = new Command('plan')
    .summary('show what provision would change (reads only)')
    .description(
      'Show what provision would change: desired state from the generated files, observed state ' +
        'from PostgreSQL and Metabase, as a Terraform-style plan (create / update with the changed ' +
        'fields / archive / unchanged, grouped by kind, with totals). Reads only; writes nothing.',
    )
    .option(
      '--json',
      'print the plan as JSON (keys: items[kind,key,title,action,remoteId,changes,note], totals)',
    )
    .option(
      '--detailed-exitcode',
      'exit 2 when the plan has changes, 0 when it has none, 1 on error',
    )
    .option('--show-unchanged', 'list unchanged objects too');
  addTargetOptions(command).action(async (flags: PlanFlags) => {
    const settings = provisionSettings(flags, io, 'plan');
    io.err(
      `plan: ${describeDatabase(settings.databaseUrl)}${settings.metabase ? ' and Metabase' : ' (views only)'}\n`,
    );
    const outcome = await runProvision('plan', settings, {
      progress: progressReporter(io.err, io.interactive),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      now: () => Date.now(),
      onLockWait: lockWaitNotice(io),
    });
    if (outcome.metabaseProfile !== null) io.err(`${outcome.metabaseProfile}\n`);
    if (flags.json) {
      io.out(`${JSON.stringify({ ...outcome.plan, warnings: outcome.warnings }, null, 2)}\n`);
    } else {
      io.out(renderPlanText(outcome.plan, { showUnchanged: flags.showUnchanged ?? false }));
      for (const warning of outcome.warnings) io.out(`warning: ${warning}\n`);
    }
    setExitCode(
      flags.detailedExitcode && hasChanges(outcome.plan) ? ExitCode.changes : ExitCode.ok,
    );
  });
  program.addCommand(command);
};
