import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLegacyExport } from '../../src/legacy/read-export.ts';
import type { LegacyExport } from '../../src/legacy/types.ts';
import { hasShared, projectRoot, sharedDir } from '../support/shared.ts';

function expectSoundRead(legacy: LegacyExport) {
  expect(legacy.categories).toHaveLength(9);
  expect(legacy.reports.length).toBeGreaterThan(90);
  expect(legacy.fields.length).toBeGreaterThan(90);
  expect(legacy.schedules).toHaveLength(100);
  expect(legacy.snapshot.columns).toHaveLength(93);
  expect(legacy.problems.length).toBeGreaterThan(0);
  for (const problem of legacy.problems) {
    expect(problem.file).toMatch(/^report[a-z_]*\.csv$/);
    expect(problem.line).toBeGreaterThan(1);
    expect(problem.message).not.toBe('');
  }
}

describe('the bundled sample export (examples/legacy-export)', () => {
  it('reads with no crash, no skipped rows, and every problem has file and line', async () => {
    const legacy = await readLegacyExport(path.join(projectRoot, 'examples', 'legacy-export'));
    expectSoundRead(legacy);
    expect(legacy.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // Known cases of the sample: a duplicate address (schedule 31) and junk "n/a" (schedule 18).
    expect(legacy.problems).toContainEqual(
      expect.objectContaining({ file: 'report_master_schedule.csv', line: 32, column: 'email' }),
    );
    expect(legacy.schedules.find((s) => s.id === 18)?.recipients).not.toContain('n/a');
  });
});

describe.skipIf(!hasShared)('the shared sample export (../shared/legacy-sample)', () => {
  it('reads to the same records as the bundled copy', async () => {
    const shared = await readLegacyExport(path.join(sharedDir, 'legacy-sample'));
    const bundled = await readLegacyExport(path.join(projectRoot, 'examples', 'legacy-export'));
    expectSoundRead(shared);
    expect({ ...shared, dir: '' }).toEqual({ ...bundled, dir: '' });
  });
});
