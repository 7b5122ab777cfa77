import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLegacyExport } from '../../src/legacy/read-export.ts';
import { generateSyntheticExport, writeSyntheticExport } from '../../scripts/synthetic-export.ts';

const tmp = await mkdtemp(path.join(os.tmpdir(), 'dtx-synthetic-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('synthetic export generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateSyntheticExport({ reports: 40 })).toEqual(
      generateSyntheticExport({ reports: 40 }),
    );
    expect(generateSyntheticExport({ reports: 40, seed: 2 })['report.csv']).not.toBe(
      generateSyntheticExport({ reports: 40 })['report.csv'],
    );
  });

  it('scales like the sample and reads to the same records in both dialects', async () => {
    await writeSyntheticExport(path.join(tmp, 'rfc'), { reports: 200, dialect: 'rfc' });
    await writeSyntheticExport(path.join(tmp, 'mysql'), { reports: 200, dialect: 'mysql' });
    const rfc = await readLegacyExport(path.join(tmp, 'rfc'));
    const mysql = await readLegacyExport(path.join(tmp, 'mysql'));
    expect(rfc.fileDialects?.report).toBe('rfc');
    expect(mysql.fileDialects?.report).toBe('mysql');
    expect({ ...mysql, dir: '', dialect: '', fileDialects: {} }).toEqual({
      ...rfc,
      dir: '',
      dialect: '',
      fileDialects: {},
    });
    expect(rfc.reports).toHaveLength(200);
    expect(rfc.schedules).toHaveLength(200);
    expect(rfc.definitions.length / 200).toBeGreaterThan(6.5);
    expect(rfc.definitions.length / 200).toBeLessThan(8.5);
    expect(rfc.snapshot.columns).toHaveLength(93);
    // It carries the faults real exports have, so readers are measured on those paths too.
    expect(rfc.problems.some((p) => p.message.includes('not valid PHP serialize() output'))).toBe(
      true,
    );
    expect(rfc.problems.some((p) => p.message.startsWith('dropped "n/a"'))).toBe(true);
    expect(rfc.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});
