import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cutAtRowEnd,
  cutInHalf,
  mixLineEnds,
  repeatRow,
  sampleCopy,
} from '../support/damaged-sample.ts';
import { runCli } from '../support/run-cli.ts';

/**
 * Issue 11, row 4 reproduced exactly on copies of the bundled sample: a damaged export must stop
 * `generate` (exit 1, file:line) before it writes or removes anything, unless the operator says
 * `--allow-problems` (then the rows left out are listed and recorded in manifest.json).
 */

const created: string[] = [];
let out: string;
let before: Record<string, string>;
/** Files generate writes from the clean sample (manifest.json included), and those it may remove. */
let written: number;
let removable: number;

async function tree(root: string, dir = ''): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(path.join(root, dir), { withFileTypes: true })) {
    const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) Object.assign(files, await tree(root, relative));
    else files[relative] = await readFile(path.join(root, relative), 'utf8');
  }
  return files;
}

async function damaged(damage: (dir: string) => Promise<void>): Promise<string> {
  const dir = await sampleCopy();
  created.push(dir);
  await damage(dir);
  return dir;
}

/** A fresh output folder holding what generate writes from the clean sample. */
async function generatedFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dtx-generated-'));
  created.push(dir);
  expect((await runCli(['generate', '--out', dir], { env: {} })).code).toBe(0);
  return dir;
}

beforeAll(async () => {
  out = await generatedFolder();
  before = await tree(out);
  written = Object.keys(before).length;
  removable = written - 1; // manifest.json is rewritten, never removed
}, 60_000);

afterAll(async () => {
  await Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('generate on a damaged export (issue 11, row 4)', { timeout: 60_000 }, () => {
  it('(a) report.csv cut in half: exit 1 naming file:line, nothing written or removed', async () => {
    const legacy = await damaged((dir) => cutInHalf(dir, 'report.csv'));
    const run = await runCli(['generate', '--legacy', legacy, '--out', out], { env: {} });
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      'error: 1 row of the export cannot be read, so generate would work from an incomplete export; nothing was written. ' +
        'Fix or re-export the files named below, or pass --allow-problems to leave those rows out\n' +
        '  - report.csv:51: expected 15 values as in the header, found 14; row skipped (an unquoted comma, or a line cut short?)\n',
    );
    expect(await tree(out)).toEqual(before);
  });

  it('(a) with --allow-problems: still refuses to remove 112 generated files without --force', async () => {
    const legacy = await damaged((dir) => cutInHalf(dir, 'report.csv'));
    const run = await runCli(['generate', '--legacy', legacy, '--out', out, '--allow-problems'], {
      env: {},
    });
    expect(run.code).toBe(1);
    expect(run.err.split('\n')[0]).toBe(
      `error: generate would remove 112 of the ${removable} generated files in ${out} (${Math.round((112 * 100) / removable)} %, more than 10 %); nothing was written. ` +
        'A damaged or wrong export is the usual cause: check the export, or pass --force if the removals are intended',
    );
    expect(run.err).toContain('  - would remove ');
    expect(await tree(out)).toEqual(before);
  });

  it('(a) with --allow-problems --force: goes on, lists the row left out, records it in manifest.json', async () => {
    const target = await generatedFolder();
    const legacy = await damaged((dir) => cutInHalf(dir, 'report.csv'));
    const run = await runCli(
      ['generate', '--legacy', legacy, '--out', target, '--allow-problems', '--force'],
      { env: {} },
    );
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      '  --allow-problems: 1 row left out:\n' +
        '    - report.csv:51: expected 15 values as in the header, found 14; row skipped (an unquoted comma, or a line cut short?)\n',
    );
    expect(run.out).toContain(', 112 removed\n');
    const manifest = JSON.parse(await readFile(path.join(target, 'manifest.json'), 'utf8')) as {
      rowsLeftOut?: unknown;
    };
    expect(manifest.rowsLeftOut).toEqual([
      {
        file: 'report.csv',
        line: 51,
        message:
          'expected 15 values as in the header, found 14; row skipped (an unquoted comma, or a line cut short?)',
        severity: 'error',
      },
    ]);
  });

  it('report.csv cut at a row end (no row problem to see): the 10 % removal limit stops it', async () => {
    const legacy = await damaged((dir) => cutAtRowEnd(dir, 'report.csv'));
    const run = await runCli(['generate', '--legacy', legacy, '--out', out], { env: {} });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      new RegExp(`^error: generate would remove \\d+ of the ${removable} generated files`),
    );
    expect(await tree(out)).toEqual(before);
  });

  it('(b) mixed CRLF and LF line ends: read correctly, the same files as the clean export', async () => {
    const legacy = await damaged(async (dir) => {
      for (const file of ['report.csv', 'report_definition.csv', 'report_master_schedule.csv'])
        await mixLineEnds(dir, file);
    });
    const run = await runCli(['generate', '--legacy', legacy, '--out', out], { env: {} });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain(`: 0 written, ${written} unchanged, 0 removed\n`);
    expect(await tree(out)).toEqual(before);
  });

  it('row 9: \\r\\r\\n line ends everywhere: read correctly, the same files', async () => {
    const legacy = await damaged(async (dir) => {
      for (const file of await readdir(dir)) {
        const target = path.join(dir, file);
        const text = await readFile(target, 'utf8');
        await writeFile(target, text.replace(/\r\n/g, '\r\r\n'));
      }
    });
    const run = await runCli(['generate', '--legacy', legacy, '--out', out], { env: {} });
    expect(run.code).toBe(0);
    expect(run.out).toContain(`: 0 written, ${written} unchanged, 0 removed\n`);
  });

  it('(c) --dialect mysql on the rfc sample: exit 1 naming the file and the dialect it is in', async () => {
    const run = await runCli(['generate', '--dialect', 'mysql', '--out', out], { env: {} });
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      'error: report_category.csv: --dialect mysql was given, but the file is in the rfc dialect (its lines end with CRLF); ' +
        'leave out --dialect to detect it per file, or name the right one\n',
    );
    expect(await tree(out)).toEqual(before);
  });

  it('(d) a repeated report.id: exit 1 naming file:line; --allow-problems lists it and records it', async () => {
    const legacy = await damaged((dir) => repeatRow(dir, 'report.csv', 3));
    const refused = await runCli(['generate', '--legacy', legacy, '--out', out], { env: {} });
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      '\n  - report.csv:5: id: 3 already used on line 4 (the primary key must be unique); row skipped\n',
    );
    expect(await tree(out)).toEqual(before);

    const target = await generatedFolder();
    const allowed = await runCli(
      ['generate', '--legacy', legacy, '--out', target, '--allow-problems'],
      { env: {} },
    );
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain(
      '  --allow-problems: 1 row left out:\n    - report.csv:5: id: 3 already used on line 4 (the primary key must be unique); row skipped\n',
    );
    // The first row with the id is kept: only manifest.json changes (it records the problem).
    expect(allowed.out).toContain(`: 1 written, ${written - 1} unchanged, 0 removed\n`);
    const manifest = await readFile(path.join(target, 'manifest.json'), 'utf8');
    expect(manifest).toContain('"rowsLeftOut": [');
    expect(manifest).toContain(
      '"message": "id: 3 already used on line 4 (the primary key must be unique); row skipped"',
    );
  });

  it('row 9: a NUL byte in a field label: exit 1 naming file:line:column, not an internal error', async () => {
    const legacy = await damaged(async (dir) => {
      const target = path.join(dir, 'report_field_definition.csv');
      const text = await readFile(target, 'utf8');
      await writeFile(target, text.replace(',ph_name,Account Name,', ',ph_name,Account\0Name,'));
    });
    const run = await runCli(['generate', '--legacy', legacy, '--out', out], { env: {} });
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      '\n  - report_field_definition.csv:15: label: contains a NUL character at character 8 (PostgreSQL text cannot hold it); row skipped\n',
    );
    expect(run.err).not.toContain('internal error');
  });

  it('inventory still reads a damaged export (exit 0) and lists its problems', async () => {
    const legacy = await damaged((dir) => cutInHalf(dir, 'report.csv'));
    const run = await runCli(['inventory', '--legacy', legacy, '--format', 'json'], { env: {} });
    expect(run.code).toBe(0);
    const inventory = JSON.parse(run.out) as { problems: { file: string; line: number }[] };
    expect(inventory.problems).toContainEqual(
      expect.objectContaining({ file: 'report.csv', line: 51, severity: 'error' }),
    );
  });
});

describe('generate --out and --as-of (issue 11, rows 9 and 11)', { timeout: 60_000 }, () => {
  it('refuses a file, a path under a file and a system folder, in one line', async () => {
    const file = path.join(out, 'manifest.json');
    expect(await runCli(['generate', '--out', file], { env: {} })).toEqual({
      code: 1,
      out: '',
      err: `error: --out ${file} is a file, not a folder; name the project folder that views/, questions/, dashboards/ and manifest.json go to\n`,
    });
    const passwd = await runCli(['generate', '--out', '/etc/passwd'], { env: {} });
    expect(passwd.code).toBe(1);
    expect(passwd.err).toBe(
      'error: --out /etc/passwd is a file, not a folder; name the project folder that views/, questions/, dashboards/ and manifest.json go to\n',
    );
    const under = await runCli(['generate', '--out', path.join(file, 'x')], { env: {} });
    expect(under.err).toBe(
      `error: --out ${path.join(file, 'x')} is under ${file}, which is a file, not a folder; name a project folder\n`,
    );
    // /proc cannot be written even by root, so this attack cannot harm the machine on old code.
    const system = await runCli(['generate', '--out', '/proc/dtx-reports-test'], { env: {} });
    expect(system).toEqual({
      code: 1,
      out: '',
      err: 'error: --out /proc/dtx-reports-test is a system folder (/proc/dtx-reports-test); generate writes views/, questions/, dashboards/ and manifest.json into the folder it is given: name your project folder\n',
    });
  });

  it.each(['2025-02-30', '2025-13-01', '2024-02-30', '2025-7-1'])(
    'refuses --as-of %s: real dates only',
    async (date) => {
      const run = await runCli(['generate', '--as-of', date, '--out', out], { env: {} });
      expect(run.code).toBe(1);
      expect(run.err).toBe(
        `error: --as-of "${date}" is not a date of the calendar; expected YYYY-MM-DD, e.g. 2025-02-28\n`,
      );
      expect(await tree(out)).toEqual(before);
    },
  );

  it('takes a real leap day', async () => {
    const run = await runCli(['generate', '--as-of', '2024-02-29', '--out', out], { env: {} });
    expect(run.code).toBe(0);
    expect(run.out).toContain('schedules (as of 2024-02-29)');
    expect((await runCli(['generate', '--out', out], { env: {} })).code).toBe(0);
  });
});

describe('plan/provision/archive settings (issue 11, row 11)', () => {
  const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };

  it.each(['1e9', '0', '33', '-1', '8.5', '0x10'])('refuses --concurrency %s', async (value) => {
    const run = await runCli(['plan', '--views-only', '--concurrency', value], { env });
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      `error: cannot start: the configuration is incomplete.\n  - --concurrency must be a whole number from 1 to 32, got "${value}"\n`,
    );
  });

  it('refuses a mysql:// database URL before connecting, for every command that takes one', async () => {
    const mysql = { DATABASE_URL: 'mysql://root@127.0.0.1:3306/dtx' };
    const message =
      'the database URL is a mysql:// URL; dtx-reports works with PostgreSQL only: expected postgres://user@host:5432/db (or postgresql://)';
    const plan = await runCli(['plan', '--views-only'], { env: mysql });
    expect(plan.code).toBe(1);
    expect(plan.err).toBe(
      `error: cannot start: the configuration is incomplete.\n  - ${message}\n`,
    );
    for (const command of ['archive', 'refresh']) {
      const run = await runCli([command], { env: mysql });
      expect(run).toEqual({ code: 1, out: '', err: `error: ${message}\n` });
    }
  });
});
