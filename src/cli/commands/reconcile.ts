import path from 'node:path';
import { Option } from 'commander';
import { readLegacyExport } from '../../legacy/read-export.ts';
import { readBaseRecordsForReconcile } from '../../observe/postgres/base-records-for-reconcile.ts';
import { readManifest } from '../../observe/files/read-manifest.ts';
import { phIdOf, reconcileSnapshot } from '../../reconcile/reconcile-snapshot.ts';
import { baseFieldsToRead } from '../../reconcile/snapshot-columns.ts';
import { describeTolerance, parseTolerance, withinTolerance } from '../../reconcile/tolerance.ts';
import { databaseUrlFrom, describeDatabase } from '../database-url.ts';
import { ExitCode } from '../exit-codes.ts';
import { renderReconcileJson } from '../render/reconcile-json.ts';
import { renderReconcileMarkdown } from '../render/reconcile-markdown.ts';
import type { RegisterCommand } from './command.ts';
import { dialectFrom, dialectOption, legacyDir, legacyOption } from './legacy-options.ts';

interface ReconcileFlags {
  readonly legacy?: string;
  readonly dialect?: string;
  readonly from?: string;
  readonly databaseUrl?: string;
  readonly format: 'md' | 'json';
  readonly tolerance: string;
  readonly examples: string;
}

export const registerReconcile: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('reconcile')
    .summary("compare DTX 1.0's report_data snapshot with the DTX 2.0 base layer (read-only)")
    .description(
      'Match every report_data row to its DTX 2.0 record through the legacy ids and compare each ' +
        'snapshot column with the base-layer field it stands for (reporting.base_record, as ' +
        'provisioned). Reports per column equal / different / missing on either side, with ' +
        'examples, the rows that could not be matched and why, and which differences could be ' +
        'changes since the snapshot was taken. Read-only (one READ ONLY transaction). ' +
        'Exit 0 when the disagreements are within --tolerance, 3 when beyond it, 1 on an error. ' +
        'Target: --database-url, else DATABASE_URL.',
    )
    .addOption(legacyOption)
    .addOption(dialectOption)
    .option(
      '--from <dir>',
      'folder holding manifest.json (for the schema names; default: the project)',
    )
    .option('--database-url <url>', 'PostgreSQL connection URL (overrides DATABASE_URL)')
    .addOption(
      new Option('--format <format>', 'md: Markdown for people; json: the whole result')
        .choices(['md', 'json'])
        .default('md'),
    )
    .option(
      '--tolerance <n>',
      'disagreements accepted before exit 3: a count (25) or a share of compared cells (0.5%)',
      '0',
    )
    .option('--examples <n>', 'examples shown per column and kind of disagreement', '3')
    .action(async (flags: ReconcileFlags) => {
      const tolerance = parseTolerance(flags.tolerance);
      const examplesPerKind = Number.parseInt(flags.examples, 10);
      const url = databaseUrlFrom(flags.databaseUrl, io.env);
      const fromDir = flags.from === undefined ? io.projectRoot : path.resolve(io.cwd, flags.from);
      const manifest = await readManifest(fromDir);
      const legacy = await readLegacyExport(
        legacyDir(io, flags.legacy),
        dialectFrom(flags.dialect),
      );
      const phAt = legacy.snapshot.columns.indexOf('PH_ID');
      const phIds = [
        ...new Set(
          legacy.snapshot.rows.flatMap((row) => {
            const id = phIdOf(phAt < 0 ? null : row[phAt]);
            return id === null ? [] : [id];
          }),
        ),
      ].sort((a, b) => a - b);
      io.err(`reconcile: ${describeDatabase(url)}, ${legacy.snapshot.rows.length} snapshot rows\n`);
      const observed = await readBaseRecordsForReconcile({
        databaseUrl: url,
        sourceSchema: manifest.schemas.source,
        targetSchema: manifest.schemas.target,
        phIds,
        fields: baseFieldsToRead,
      });
      const report = reconcileSnapshot({
        snapshot: legacy.snapshot,
        records: observed.records,
        availableFields: observed.availableFields,
        today: observed.today,
        examplesPerKind: Number.isNaN(examplesPerKind) ? 3 : Math.max(0, examplesPerKind),
      });
      const within = withinTolerance(tolerance, report.totals);
      const verdict = { tolerance: describeTolerance(tolerance), within };
      io.out(
        flags.format === 'json'
          ? renderReconcileJson(report, verdict)
          : renderReconcileMarkdown(report, verdict),
      );
      const { totals } = report;
      io.err(
        `reconcile: ${totals.columnsCompared} of ${totals.columns} columns compared over ${totals.matched} matched rows; ` +
          `${totals.equal} equal, ${totals.different} different, ${totals.missingInDtx2 + totals.missingInSnapshot} missing, ` +
          `${totals.unmatched} unmatched rows: ${within ? 'within' : 'beyond'} tolerance ${verdict.tolerance}\n`,
      );
      setExitCode(within ? ExitCode.ok : ExitCode.differences);
    });
};
