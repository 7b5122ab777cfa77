import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from './shared.ts';

/**
 * Copies of the bundled sample export damaged the way issue 11 (row 4) found them: each helper
 * changes one file of a fresh copy in a temporary folder; the committed sample is never touched.
 */
const sampleDir = path.join(projectRoot, 'examples', 'legacy-export');

export async function sampleCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dtx-damaged-'));
  await cp(sampleDir, dir, { recursive: true });
  return dir;
}

async function change(dir: string, file: string, edit: (bytes: Buffer) => Buffer): Promise<void> {
  const target = path.join(dir, file);
  await writeFile(target, edit(await readFile(target)));
}

/** (a) The file cut in half by bytes, so it ends in the middle of a row. */
export async function cutInHalf(dir: string, file: string): Promise<void> {
  await change(dir, file, (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2)));
}

/** The file cut after the first line end past its middle: whole rows only, nothing to see. */
export async function cutAtRowEnd(dir: string, file: string): Promise<void> {
  await change(dir, file, (bytes) => {
    const end = bytes.indexOf('\r\n', Math.floor(bytes.length / 2));
    return bytes.subarray(0, end + 2);
  });
}

/** (b) Every other CRLF line end turned into LF, as after an editor or a merge touched it. */
export async function mixLineEnds(dir: string, file: string): Promise<void> {
  await change(dir, file, (bytes) => {
    let line = 0;
    return Buffer.from(
      bytes.toString('utf8').replace(/\r\n/g, () => (line++ % 2 === 1 ? '\n' : '\r\n')),
      'utf8',
    );
  });
}

/** (d) Data row `row` (1 = the first after the header) repeated right after itself. */
export async function repeatRow(dir: string, file: string, row: number): Promise<void> {
  await change(dir, file, (bytes) => {
    const lines = bytes.toString('utf8').split('\r\n');
    lines.splice(row + 1, 0, lines[row] ?? '');
    return Buffer.from(lines.join('\r\n'), 'utf8');
  });
}
