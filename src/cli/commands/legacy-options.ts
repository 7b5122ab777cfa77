import path from 'node:path';
import { Option } from 'commander';
import type { Dialect } from '../../legacy/types.ts';
import type { CliIo } from '../io.ts';

/** `--legacy` and `--dialect`, shared by the commands that read the DTX 1.0 export. */
export const legacyOption = new Option(
  '--legacy <dir>',
  'folder with the DTX 1.0 export (<table>.csv files); default: the bundled sample, examples/legacy-export',
);
export const dialectOption = new Option(
  '--dialect <dialect>',
  'CSV dialect of every file: rfc (NULL word, "" quotes) or mysql (\\N, backslash escapes); default: detected per file',
).choices(['rfc', 'mysql']);

export function legacyDir(io: CliIo, given: string | undefined): string {
  return given === undefined
    ? path.join(io.projectRoot, 'examples', 'legacy-export')
    : path.resolve(io.cwd, given);
}

export function dialectFrom(given: string | undefined): { dialect?: Dialect } {
  return given === 'rfc' || given === 'mysql' ? { dialect: given } : {};
}
