import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { projectRoot } from '../support/shared.ts';

const execFileAsync = promisify(execFile);
// Options are rejected before anything is written.
const neverWritten = path.join(tmpdir(), 'demo-data-never-written.sql');

interface ScriptRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function script(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ScriptRun> {
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'scripts', 'demo-data.ts'), ...args],
      { cwd: projectRoot, env: { ...process.env, DATABASE_URL: '', ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('npm run demo-data', () => {
  let db: ScratchDatabase;
  let urlWithPassword: string;
  beforeAll(async () => {
    db = await createScratchDatabase('dtx_demo_cli');
    // The local server trusts connections, so the password is ignored: it only has to stay secret.
    const url = new URL(db.url);
    url.password = 'not-to-be-printed';
    urlWithPassword = url.toString();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('loads from DATABASE_URL, never prints the password, and refuses a second load without --reset', async () => {
    const first = await script(['--records', '150', '--json'], { DATABASE_URL: urlWithPassword });
    expect(first.stderr + first.stdout).not.toContain('not-to-be-printed');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(':***@');
    const summary = JSON.parse(first.stdout) as {
      records: number;
      tables: { table: string; rows: number }[];
    };
    expect(summary.records).toBe(150);
    expect(summary.tables.find((table) => table.table === 'docutrax_hierarchy_record')?.rows).toBe(
      150,
    );

    const second = await script(['--records', '150', '--database-url', urlWithPassword]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already hold rows');
    expect(second.stderr + second.stdout).not.toContain('not-to-be-printed');

    const reset = await script(['--records', '200', '--reset', '--database-url', urlWithPassword]);
    expect(reset.code, reset.stderr).toBe(0);
    const count = await db.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM docutrax_hierarchy_record',
    );
    expect(Number(count.rows[0]!.n)).toBe(200);
  });

  it('rejects bad options with the flag named, and needs a target', async () => {
    const bad = await script(['--records', 'many', '--sql-out', neverWritten]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--records');
    const noTarget = await script(['--records', '10']);
    expect(noTarget.code).toBe(1);
    expect(noTarget.stderr).toContain('DATABASE_URL');
    const badDate = await script([
      '--records',
      '10',
      '--reference-date',
      '2025-02-30',
      '--sql-out',
      neverWritten,
    ]);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain('--reference-date');
  });
});
