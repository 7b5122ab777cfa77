import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseFieldCatalog } from '../../catalog/parse-field-catalog.ts';
import type { FieldCatalog } from '../../catalog/field-catalog.ts';
import { InputError } from '../../errors.ts';
import type { BaseTemplate } from '../../translate/views/base-layer.ts';
import { readLegacyExport } from '../../legacy/read-export.ts';
import type { Dialect, LegacyExport } from '../../legacy/types.ts';

/** Where generate finds its hand-written inputs, relative to the project root. */
export const catalogFile = 'catalog/fields.yaml';
export const baseTemplateFile = 'catalog/base_record.sql.hbs';

export interface GenerateInputs {
  readonly legacy: LegacyExport;
  readonly catalog: FieldCatalog;
  readonly baseTemplate: BaseTemplate;
}

/** Reads and validates everything generate needs; nothing is written before this succeeds. */
export async function loadGenerateInputs(options: {
  readonly projectRoot: string;
  readonly legacyDir: string;
  readonly dialect?: Dialect;
}): Promise<GenerateInputs> {
  const catalogText = await readText(options.projectRoot, catalogFile);
  const templateText = await readText(options.projectRoot, baseTemplateFile);
  const catalog = parseFieldCatalog(catalogText, catalogFile);
  const legacy = await readLegacyExport(
    options.legacyDir,
    options.dialect ? { dialect: options.dialect } : {},
  );
  return { legacy, catalog, baseTemplate: { file: baseTemplateFile, text: templateText } };
}

async function readText(root: string, relative: string): Promise<string> {
  try {
    return await readFile(path.join(root, relative), 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(`Cannot read ${relative} under ${root}: ${reason}`);
  }
}
