import { writeOutputSet, type WriteSummary } from './apply/files/write-output-set.ts';
import type { Dialect } from './legacy/types.ts';
import { loadGenerateInputs } from './observe/files/load-generate-inputs.ts';
import {
  generateProject,
  type GenerateOptions,
  type GeneratedProject,
} from './translate/generate-output.ts';

export interface GenerateSettings extends Omit<
  GenerateOptions,
  'legacy' | 'catalog' | 'baseTemplate'
> {
  /** Where catalog/ (the field catalog and the base-layer template) is read from. */
  readonly projectRoot: string;
  readonly legacyDir: string;
  readonly dialect?: Dialect;
  /** Where views/, questions/, dashboards/ and manifest.json are written. */
  readonly outDir: string;
}

/**
 * The generate use case: read the export, the catalog and the base-layer template (nothing is
 * written before all three are valid), translate them purely, write the output set.
 */
export async function runGenerate(
  settings: GenerateSettings,
): Promise<{ readonly project: GeneratedProject; readonly summary: WriteSummary }> {
  const { projectRoot, legacyDir, dialect, outDir, ...options } = settings;
  const inputs = await loadGenerateInputs({
    projectRoot,
    legacyDir,
    ...(dialect ? { dialect } : {}),
  });
  const project = generateProject({ ...inputs, ...options });
  const summary = await writeOutputSet(outDir, project.output);
  return { project, summary };
}
