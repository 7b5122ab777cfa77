import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../errors.ts';
import { manifestPath } from '../../translate/manifest.ts';
import { manifestSchema, type Manifest } from '../../docs/manifest-schema.ts';

/** manifest.json under `fromDir`, parsed; a missing or damaged one is one clear error. */
export async function readManifest(fromDir: string): Promise<Manifest> {
  const file = path.join(fromDir, manifestPath);
  const text = await readFile(file, 'utf8').catch(() => {
    throw new InputError(`${file} is missing: run \`dtx-reports generate\` first`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file} is not valid JSON (${(error as Error).message})`, [
      'Run `dtx-reports generate` again to rewrite it.',
    ]);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      `${file} is not a manifest dtx-reports wrote`,
      parsed.error.issues
        .slice(0, 10)
        .map((issue) => `at ${issue.path.join('.') || '(document)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}
