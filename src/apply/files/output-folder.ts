import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../errors.ts';

/**
 * Folders of the operating system itself. generate creates views/, questions/, dashboards/ and
 * manifest.json in its output folder and removes stale generated files there: pointed at one of
 * these by a slip of the finger (and run as root, as in a container), it would write into them.
 */
const systemFolders: readonly string[] = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/proc',
  '/run',
  '/sbin',
  '/sys',
  '/usr',
  '/var/lib',
  '/var/log',
  '/var/run',
];

/**
 * Refuses an output folder generate must not write to: a file, a path under a file, the root or
 * a system folder (symlinks resolved). A folder that does not exist yet is fine: it is created.
 */
export async function checkOutputFolder(flag: string, outDir: string): Promise<void> {
  const { existing, rest } = await nearestExisting(path.resolve(outDir));
  const real = path.join(await realpath(existing).catch(() => existing), ...rest);
  const info = await stat(existing);
  if (!info.isDirectory()) {
    throw new InputError(
      rest.length === 0
        ? `${flag} ${outDir} is a file, not a folder; name the project folder that views/, questions/, dashboards/ and manifest.json go to`
        : `${flag} ${outDir} is under ${existing}, which is a file, not a folder; name a project folder`,
    );
  }
  if (isSystemFolder(real)) {
    throw new InputError(
      `${flag} ${outDir} is ${real === '/' ? 'the root folder' : `a system folder (${real})`}; generate writes views/, questions/, dashboards/ and manifest.json into the folder it is given: name your project folder`,
    );
  }
}

function isSystemFolder(resolved: string): boolean {
  return (
    resolved === '/' ||
    systemFolders.some((folder) => resolved === folder || resolved.startsWith(`${folder}/`))
  );
}

async function nearestExisting(
  target: string,
): Promise<{ readonly existing: string; readonly rest: readonly string[] }> {
  const rest: string[] = [];
  let current = target;
  for (;;) {
    try {
      await stat(current);
      return { existing: current, rest };
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return { existing: current, rest };
      rest.unshift(path.basename(current));
      current = parent;
    }
  }
}
