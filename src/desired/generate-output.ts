import { manifestFile } from './manifest.ts';
import type { OutputSet } from './output-file.ts';
import { generateViews, type ViewGeneration, type ViewGenerationInput } from './views/generate-views.ts';

/**
 * Everything `generate` writes, computed purely from its inputs. Later stages (questions/,
 * dashboards/) add their files and manifest sections here; the writer stays the same.
 */
export interface GeneratedProject {
  readonly views: ViewGeneration;
  readonly output: OutputSet;
}

export function generateProject(input: ViewGenerationInput): GeneratedProject {
  const views = generateViews(input);
  const manifest = manifestFile({
    sourceSchema: input.sourceSchema,
    targetSchema: input.targetSchema,
    reports: views.reports,
    fields: views.fields,
  });
  return {
    views,
    output: { files: [...views.files, manifest], ownedFolders: ['views'] },
  };
}
