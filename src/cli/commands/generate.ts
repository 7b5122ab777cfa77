import path from 'node:path';
import { writeOutputSet } from '../../apply/files/write-output-set.ts';
import { generateProject } from '../../desired/generate-output.ts';
import { InputError } from '../../errors.ts';
import { loadGenerateInputs } from '../../generate/load-generate-inputs.ts';
import { ExitCode } from '../exit-codes.ts';
import type { RegisterCommand } from './command.ts';
import { dialectFrom, dialectOption, legacyDir, legacyOption } from './legacy-options.ts';

interface GenerateFlags {
  readonly legacy?: string;
  readonly dialect?: string;
  readonly out?: string;
  readonly sourceSchema: string;
  readonly targetSchema: string;
}

export const registerGenerate: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('generate')
    .description(
      'Generate the reporting views (views/base, views/reports: one SQL file per migrated report)\n' +
        'and manifest.json from the legacy export and catalog/fields.yaml. Deterministic: with no\n' +
        'flags it reads the bundled sample and rewrites the committed files byte for byte. Generated\n' +
        'files that are no longer produced are removed; hand-written files are never touched.',
    )
    .addOption(legacyOption)
    .addOption(dialectOption)
    .option('--out <dir>', 'where views/ and manifest.json go; default: the project folder')
    .option('--source-schema <name>', 'schema of the DTX 2.0 tables', 'public')
    .option('--target-schema <name>', 'schema the reporting views go to', 'reporting')
    .action(async (flags: GenerateFlags) => {
      const sourceSchema = schemaName('--source-schema', flags.sourceSchema);
      const targetSchema = schemaName('--target-schema', flags.targetSchema);
      if (sourceSchema === targetSchema) {
        throw new InputError('--source-schema and --target-schema must differ: the views get their own schema.');
      }
      const outDir = flags.out === undefined ? io.projectRoot : path.resolve(io.cwd, flags.out);
      const inputs = await loadGenerateInputs({
        projectRoot: io.projectRoot,
        legacyDir: legacyDir(io, flags.legacy),
        ...dialectFrom(flags.dialect),
      });
      const project = generateProject({ ...inputs, sourceSchema, targetSchema });
      const summary = await writeOutputSet(outDir, project.output);

      const { reports, fields } = project.views;
      const migrated = reports.filter((r) => r.status === 'migrated').length;
      io.out(`generate: ${migrated} report views + base layer in ${targetSchema} (source ${sourceSchema})\n`);
      io.out(`  reports: ${migrated} migrated, ${reports.length - migrated} skipped\n`);
      for (const r of reports) if (r.status === 'skipped') io.out(`    - ${r.legacyId} ${r.name}: ${r.reason}\n`);
      const unmapped = fields.filter((f) => f.status === 'unmapped');
      const retired = fields.filter((f) => f.status === 'retired');
      io.out(`  fields: ${unmapped.length} unmapped, ${retired.length} retired (details in manifest.json)\n`);
      io.out(
        `  files in ${outDir}: ${summary.written.length} written, ${summary.unchanged.length} unchanged, ${summary.removed.length} removed\n`,
      );
      for (const file of summary.removed) io.out(`    - removed ${file}\n`);
      setExitCode(ExitCode.ok);
    });
};

function schemaName(flag: string, value: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) {
    throw new InputError(`${flag} "${value}" is not a plain schema name: use lower-case letters, digits and _.`);
  }
  return value;
}
