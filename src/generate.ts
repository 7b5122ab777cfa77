import { writeOutputSet, type WriteSummary } from './apply/files/write-output-set.ts';
import { checkRowsLeftOut } from './legacy/rows-left-out.ts';
import type { Dialect, LegacyExport, Problem } from './legacy/types.ts';
import { loadGenerateInputs } from './observe/files/load-generate-inputs.ts';
import {
  generateProject,
  type GenerateOptions,
  type GeneratedProject,
} from './translate/generate-output.ts';

export interface GenerateSettings extends Omit<
  GenerateOptions,
  'legacy' | 'catalog' | 'baseTemplate' | 'rowsLeftOut'
> {
  /** Where catalog/ (the field catalog and the base-layer template) is read from. */
  readonly projectRoot: string;
  readonly legacyDir: string;
  readonly dialect?: Dialect;
  /** Where views/, questions/, dashboards/ and manifest.json are written. */
  readonly outDir: string;
  /** Go on without the rows the reader could not take (listed, and recorded in the manifest). */
  readonly allowProblems?: boolean;
  /** Remove stale generated files even beyond the share write-output-set allows. */
  readonly force?: boolean;
}

export interface GenerateResult {
  readonly project: GeneratedProject;
  readonly summary: WriteSummary;
  readonly legacy: LegacyExport;
  /** Rows of the export left out with the operator's consent (empty on a clean export). */
  readonly rowsLeftOut: readonly Problem[];
}

/**
 * The generate use case: read the export, the catalog and the base-layer template (nothing is
 * written before all three are valid, and rows the reader left out stop it unless allowed),
 * translate them purely, write the output set (which refuses large removals without `force`).
 */
export async function runGenerate(settings: GenerateSettings): Promise<GenerateResult> {
  const { projectRoot, legacyDir, dialect, outDir, allowProblems, force, ...options } = settings;
  const inputs = await loadGenerateInputs({
    projectRoot,
    legacyDir,
    ...(dialect ? { dialect } : {}),
  });
  // A damaged export must not shrink the output unnoticed: rows left out stop here unless allowed.
  const rowsLeftOut = checkRowsLeftOut(inputs.legacy, 'generate', allowProblems ?? false);
  const project = generateProject({ ...inputs, ...options, rowsLeftOut });
  const summary = await writeOutputSet(outDir, project.output, { force: force ?? false });
  return { project, summary, legacy: inputs.legacy, rowsLeftOut };
}
