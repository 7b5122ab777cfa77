import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option } from 'commander';
import { buildInventory } from '../../inventory/build-inventory.ts';
import { renderInventoryCsv } from '../../inventory/render-csv.ts';
import { renderInventoryJson } from '../../inventory/render-json.ts';
import { renderInventoryMarkdown } from '../../inventory/render-markdown.ts';
import { readLegacyExport } from '../../legacy/read-export.ts';
import { ExitCode } from '../exit-codes.ts';
import type { RegisterCommand } from './command.ts';
import { dialectFrom, dialectOption, legacyDir, legacyOption } from './legacy-options.ts';

const renderers = {
  md: renderInventoryMarkdown,
  json: renderInventoryJson,
  csv: renderInventoryCsv,
} as const;

interface InventoryFlags {
  readonly legacy?: string;
  readonly dialect?: string;
  readonly format: keyof typeof renderers;
  readonly out?: string;
}

export const registerInventory: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('inventory')
    .summary('report on the DTX 1.0 export: usage, fields, schedules, problems')
    .description(
      'Inventory the DTX 1.0 reporting export: reports ranked by use, the field dictionary without ' +
        'SQL, schedules with decoded recipients and whether they are active in practice, and every ' +
        'data-quality problem (file:line). Problems do not fail the command; a structural fault ' +
        '(missing file or column, not UTF-8) exits 1.',
    )
    .addOption(legacyOption)
    .addOption(dialectOption)
    .addOption(
      new Option(
        '--format <format>',
        'md: Markdown for people; json: the whole inventory for machines; csv: the ranked report table ' +
          '(rank,id,name,internal_name,category,kind,customer_id,active,runs,last_run,field_count,schedule_count)',
      )
        .choices(Object.keys(renderers))
        .default('md'),
    )
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (flags: InventoryFlags) => {
      const dir = legacyDir(io, flags.legacy);
      const legacy = await readLegacyExport(dir, dialectFrom(flags.dialect));
      const inventory = buildInventory(legacy);
      const text = renderers[flags.format](inventory);
      if (flags.out === undefined) {
        io.out(text);
      } else {
        const target = path.resolve(io.cwd, flags.out);
        await writeFile(target, text, 'utf8');
        io.err(`inventory: wrote ${target}\n`);
      }
      const { errors, warnings } = inventory.summary;
      io.err(
        `inventory: ${inventory.summary.reports} reports, ${inventory.summary.fields} fields, ${inventory.summary.schedules} schedules; ` +
          `${errors} rows skipped, ${warnings} warnings\n`,
      );
      setExitCode(ExitCode.ok);
    });
};
