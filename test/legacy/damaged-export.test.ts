import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { readLegacyExport } from '../../src/legacy/read-export.ts';
import { rowsLeftOut } from '../../src/legacy/rows-left-out.ts';
import type { LegacyExport } from '../../src/legacy/types.ts';
import { legacyFixture } from './fixtures.ts';

/** Everything except where it came from. */
function records(legacy: LegacyExport) {
  return { ...legacy, dir: '' };
}

async function refusal(promise: Promise<unknown>): Promise<InputError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('damaged exports (issue 11, rows 4 and 9)', () => {
  it('reports a file cut short inside its last row, and leaves the row out', async () => {
    const legacy = await readLegacyExport(legacyFixture('cut-short'));
    expect(legacy.reports.map((r) => r.id)).toEqual([1]);
    expect(rowsLeftOut(legacy)).toEqual([
      {
        file: 'report.csv',
        line: 3,
        message:
          'the file ends inside this row, without a line end: it looks cut short (an interrupted copy or download?); row skipped',
        severity: 'error',
      },
    ]);
  });

  it('reads mixed CRLF and LF line ends like a clean file (same records, same lines, no problems)', async () => {
    const clean = await readLegacyExport(legacyFixture('minimal-rfc'));
    const mixed = await readLegacyExport(legacyFixture('mixed-line-ends'));
    expect(mixed.problems).toEqual([]);
    expect(records(mixed)).toEqual(records(clean));
    expect(mixed.definitions.map((d) => d.line)).toEqual([2, 3, 4, 5]);
  });

  it('reads \\r\\r\\n line ends with the right line numbers and no spurious skipped row', async () => {
    const clean = await readLegacyExport(legacyFixture('minimal-rfc'));
    const doubled = await readLegacyExport(legacyFixture('doubled-cr'));
    expect(doubled.problems).toEqual([]);
    expect(records(doubled)).toEqual(records(clean));
    expect(doubled.reports.map((r) => r.line)).toEqual([2, 3]);
  });

  it('reports a repeated primary key in every table that has one, naming file and line', async () => {
    const legacy = await readLegacyExport(legacyFixture('duplicate-keys'));
    expect(rowsLeftOut(legacy).map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      'report_category.csv:4: id: 5 already used on line 3 (the primary key must be unique); row skipped',
      'report.csv:4: id: 2 already used on line 3 (the primary key must be unique); row skipped',
      'report_field_definition.csv:5: id: 3 already used on line 4 (the primary key must be unique); row skipped',
      'report_definition.csv:6: id: 4 already used on line 5 (the primary key must be unique); row skipped',
      'report_master_schedule.csv:3: id: 1 already used on line 2 (the primary key must be unique); row skipped',
      'report_master_log.csv:5: id: 3 already used on line 4 (the primary key must be unique); row skipped',
      'report_master_schedule_log.csv:3: id: 1 already used on line 2 (the primary key must be unique); row skipped',
    ]);
  });

  it('reports a NUL byte in a field label with file, line and column instead of failing later', async () => {
    const legacy = await readLegacyExport(legacyFixture('nul-in-label'));
    expect(rowsLeftOut(legacy)).toEqual([
      {
        file: 'report_field_definition.csv',
        line: 3,
        column: 'label',
        message:
          'label: contains a NUL character at character 4 (PostgreSQL text cannot hold it); row skipped',
        severity: 'error',
      },
    ]);
  });

  it('refuses a --dialect the file contradicts, naming the file and the dialect it is in', async () => {
    const mysql = await refusal(
      readLegacyExport(legacyFixture('minimal-rfc'), { dialect: 'mysql' }),
    );
    expect(mysql.message).toBe(
      'report_category.csv: --dialect mysql was given, but the file is in the rfc dialect (it writes NULL as the bare word NULL); leave out --dialect to detect it per file, or name the right one',
    );
    const rfc = await refusal(readLegacyExport(legacyFixture('minimal-mysql'), { dialect: 'rfc' }));
    expect(rfc.message).toMatch(
      /^report_category\.csv: --dialect rfc was given, but the file is in the mysql dialect \(it writes NULL as \\N\)/,
    );
  });
});

describe('hostile schedules (issue 11, row 11)', () => {
  it('shows a bidi-disguised address as a problem, never as a recipient, and warns about 150 recipients', async () => {
    const legacy = await readLegacyExport(legacyFixture('hostile-schedules'));
    const [first, second] = legacy.schedules;
    expect(first?.recipients).toEqual(['risk@acme.example.com']);
    expect(second?.recipients).toHaveLength(150);
    expect(legacy.problems.map((p) => `${p.line} ${p.severity}: ${p.message}`)).toEqual([
      '2 warning: dropped "<U+202E>evil@y.com": contains invisible or control characters',
      '4 warning: 150 recipients on one schedule (more than 100): check the list before it is provisioned',
    ]);
  });
});
