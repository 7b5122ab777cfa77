import path from 'node:path';
import { targetSchemaProblem } from '../../desired/views/target-schema.ts';
import { InputError } from '../../errors.ts';
import { checkOutputFolder } from '../../apply/files/output-folder.ts';
import { maxRemovedShare } from '../../apply/files/write-output-set.ts';
import { runGenerate } from '../../generate.ts';
import { manyRecipients } from '../../legacy/schedule-from-row.ts';
import { ExitCode } from '../exit-codes.ts';
import { realDate } from '../real-date.ts';
import type { RegisterCommand } from './command.ts';
import { dialectFrom, dialectOption, legacyDir, legacyOption } from './legacy-options.ts';
import { allowProblemsOption, reportRowsLeftOut } from './rows-left-out-check.ts';

interface GenerateFlags {
  readonly legacy?: string;
  readonly dialect?: string;
  readonly out?: string;
  readonly sourceSchema: string;
  readonly targetSchema: string;
  readonly asOf?: string;
  readonly legacyTimeZone?: string;
  readonly reportTimeZone?: string;
  readonly xlsx?: boolean;
  readonly allowProblems?: boolean;
  readonly force?: boolean;
}

export const registerGenerate: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('generate')
    .summary('write views/, questions/, dashboards/ and manifest.json from the export')
    .description(
      'Generate the reporting views (views/base, views/reports: one SQL file per migrated report), ' +
        'the Metabase questions/, dashboards/ (with email subscriptions) and manifest.json from the ' +
        'legacy export and catalog/fields.yaml. Deterministic: with no ' +
        'flags it reads the bundled sample and rewrites the committed files byte for byte. Generated ' +
        'files that are no longer produced are removed; hand-written files are never touched.',
    )
    .addOption(legacyOption)
    .addOption(dialectOption)
    .option('--out <dir>', 'where views/ and manifest.json go; default: the project folder')
    .option('--source-schema <name>', 'schema of the DTX 2.0 tables', 'public')
    .option('--target-schema <name>', 'schema the reporting views go to', 'reporting')
    .option(
      '--as-of <date>',
      'YYYY-MM-DD deciding which schedules have ended; default: the newest date in the export',
    )
    .option(
      '--legacy-time-zone <zone>',
      'time zone of the legacy schedule hours (LEGACY_TIME_ZONE; default America/New_York)',
    )
    .option(
      '--report-time-zone <zone>',
      "Metabase's report-timezone (REPORT_TIME_ZONE; default: the legacy time zone)",
    )
    .option('--xlsx', 'attach an XLSX file to subscription emails besides the CSV')
    .addOption(allowProblemsOption)
    .option(
      '--force',
      `remove stale generated files even when they are more than ${maxRemovedShare * 100} % of those in the output folder`,
    )
    .action(async (flags: GenerateFlags) => {
      const sourceSchema = schemaName('--source-schema', flags.sourceSchema);
      const targetSchema = schemaName('--target-schema', flags.targetSchema);
      const systemSchema = targetSchemaProblem(targetSchema);
      if (systemSchema !== null) throw new InputError(`--target-schema ${systemSchema}.`);
      if (sourceSchema === targetSchema) {
        throw new InputError(
          '--source-schema and --target-schema must differ: the views get their own schema.',
        );
      }
      const outDir = flags.out === undefined ? io.projectRoot : path.resolve(io.cwd, flags.out);
      if (flags.asOf !== undefined) realDate('--as-of', flags.asOf);
      await checkOutputFolder('--out', outDir);
      const legacyTimeZone = flags.legacyTimeZone ?? io.env['LEGACY_TIME_ZONE'];
      const reportTimeZone = flags.reportTimeZone ?? io.env['REPORT_TIME_ZONE'];
      const { project, summary, legacy, rowsLeftOut } = await runGenerate({
        projectRoot: io.projectRoot,
        legacyDir: legacyDir(io, flags.legacy),
        ...dialectFrom(flags.dialect),
        outDir,
        sourceSchema,
        targetSchema,
        ...(flags.asOf ? { asOf: flags.asOf } : {}),
        ...(legacyTimeZone ? { legacyTimeZone } : {}),
        ...(reportTimeZone ? { reportTimeZone } : {}),
        ...(flags.xlsx ? { attachXlsx: true } : {}),
        allowProblems: flags.allowProblems ?? false,
        force: flags.force ?? false,
      });

      const { reports, fields } = project.views;
      const migrated = reports.filter((r) => r.status === 'migrated').length;
      io.out(
        `generate: ${migrated} report views + base layer in ${targetSchema} (source ${sourceSchema})\n`,
      );
      reportRowsLeftOut(io, rowsLeftOut);
      io.out(`  reports: ${migrated} migrated, ${reports.length - migrated} skipped\n`);
      for (const r of reports)
        if (r.status === 'skipped') io.out(`    - ${r.legacyId} ${r.name}: ${r.reason}\n`);
      const unmapped = fields.filter((f) => f.status === 'unmapped');
      const retired = fields.filter((f) => f.status === 'retired');
      io.out(
        `  fields: ${unmapped.length} unmapped, ${retired.length} retired (details in manifest.json)\n`,
      );
      const { state, schedules } = project.metabase;
      const byStatus = (status: string) => schedules.filter((o) => o.status === status).length;
      io.out(
        `  metabase: ${state.collections.length} collections, ${state.questions.length} questions, ` +
          `${state.dashboards.length} dashboards, ${state.subscriptions.length} subscriptions\n`,
      );
      io.out(
        `  schedules (as of ${project.asOf}): ${byStatus('mapped')} mapped, ${byStatus('approximated')} approximated, ` +
          `${byStatus('skipped')} skipped (reasons in manifest.json)\n`,
      );
      for (const schedule of legacy.schedules) {
        if (schedule.recipients.length <= manyRecipients) continue;
        io.out(
          `  warning: report_master_schedule.csv:${schedule.line}: schedule ${schedule.id} has ${schedule.recipients.length} recipients ` +
            `(more than ${manyRecipients}); check the list before provisioning\n`,
        );
      }
      io.out(
        `  files in ${outDir}: ${summary.written.length} written, ${summary.unchanged.length} unchanged, ${summary.removed.length} removed\n`,
      );
      for (const file of summary.removed) io.out(`    - removed ${file}\n`);
      setExitCode(ExitCode.ok);
    });
};

function schemaName(flag: string, value: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) {
    throw new InputError(
      `${flag} "${value}" is not a plain schema name: use lower-case letters, digits and _.`,
    );
  }
  return value;
}
