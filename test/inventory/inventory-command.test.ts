import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { legacyFixture } from '../legacy/fixtures.ts';
import { projectRoot } from '../support/shared.ts';

function capture(): { io: CliIo; out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      out: (t) => void out.push(t),
      err: (t) => void err.push(t),
      env: {},
      cwd: projectRoot,
      projectRoot,
      interactive: false,
    },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('dtx-reports inventory', () => {
  it('reads the bundled sample by default and prints Markdown', async () => {
    const c = capture();
    expect(await main(['inventory'], c.io)).toBe(0);
    expect(c.out()).toContain('## Reports ranked by use');
    expect(c.err()).toContain(
      'inventory: 102 reports, 112 fields, 100 schedules; 0 rows skipped, 16 warnings',
    );
  });

  it('writes JSON to --out', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dtx-inventory-'));
    try {
      const c = capture();
      const out = path.join(dir, 'inventory.json');
      expect(
        await main(
          [
            'inventory',
            '--legacy',
            legacyFixture('minimal-mysql'),
            '--format',
            'json',
            '--out',
            out,
          ],
          c.io,
        ),
      ).toBe(0);
      expect(c.out()).toBe('');
      const json = JSON.parse(await readFile(out, 'utf8')) as {
        dialect: string;
        reports: unknown[];
      };
      expect(json.dialect).toBe('mysql');
      expect(json.reports).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops with exit 1 and one line on a structural fault', async () => {
    const c = capture();
    expect(await main(['inventory', '--legacy', legacyFixture('missing-column')], c.io)).toBe(1);
    expect(c.err()).toBe(
      'error: report.csv: missing required column "name"; re-export the table with all its columns and a header row\n' +
        '  - found columns: id, customer_id, report_category_id, internal_name, active, pdf_format, num_days, create_time\n',
    );
  });

  it('rejects an unknown dialect', async () => {
    const c = capture();
    expect(await main(['inventory', '--dialect', 'excel'], c.io)).toBe(1);
    expect(c.err()).toContain('Allowed choices are rfc, mysql');
  });
});
