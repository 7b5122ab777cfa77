import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { readLegacyExport } from '../../src/legacy/read-export.ts';
import type { LegacyExport, Schedule } from '../../src/legacy/types.ts';
import { legacyFixture } from './fixtures.ts';

function scheduleById(legacy: LegacyExport, id: number): Schedule {
  const found = legacy.schedules.find((s) => s.id === id);
  if (found === undefined) throw new Error(`no schedule ${id}`);
  return found;
}

/** Everything except where it came from and how it was spelled. */
function records(legacy: LegacyExport) {
  return { ...legacy, dir: '', dialect: '', fileDialects: {} };
}

describe('readLegacyExport: clean exports', () => {
  it('reads every table of a minimal rfc export into typed, frozen records', async () => {
    const legacy = await readLegacyExport(legacyFixture('minimal-rfc'));
    expect(legacy.dialect).toBe('rfc');
    expect(legacy.problems).toEqual([]);
    expect(legacy.reports[1]).toEqual({
      id: 2,
      customerId: 1001,
      categoryId: 5,
      name: 'Acme, weekly list',
      internalName: null,
      description: null,
      csvFormat: true,
      pdfFormat: true,
      industrySector: null,
      numDays: 30,
      sortOrder: null,
      active: true,
      createdBy: null,
      createTime: '2024-01-02 03:04:05',
      updateTime: null,
      line: 3,
    });
    expect(
      legacy.fields.map((f) => [f.name, f.displayFormat, f.filterType, f.isAggregate]),
    ).toEqual([
      ['ph_name', 'text', 'text', false],
      ['coi_expiration_date', 'm/d/Y', 'date_range', false],
      ['coi_count', 'int', null, true],
    ]);
    expect(legacy.definitions).toHaveLength(4);
    expect(legacy.runs.map((r) => r.reportId)).toEqual([1, 2, 1]);
    expect(legacy.scheduleLog[0]).toMatchObject({
      scheduleId: 1,
      sent: true,
      sentTime: '2024-06-03 07:00:05',
    });
    expect(legacy.snapshot.columns).toEqual([
      'SO_ID',
      'SO_Name',
      'PH_Exempt',
      'PH_OnHold',
      'PH_COI_Expiration',
      'PH_GL_Limit',
    ]);
    expect(legacy.snapshot.columnTypes).toEqual([
      'integer',
      'text',
      'boolean',
      'boolean',
      'date',
      'integer',
    ]);
    expect(Object.isFrozen(legacy.reports)).toBe(true);
    expect(Object.isFrozen(legacy.reports[0])).toBe(true);
  });

  it('reads the mysql dialect of the same export to the same records', async () => {
    const rfc = await readLegacyExport(legacyFixture('minimal-rfc'));
    const mysql = await readLegacyExport(legacyFixture('minimal-mysql'));
    expect(mysql.dialect).toBe('mysql');
    expect(records(mysql)).toEqual(records(rfc));
  });

  it('reads the mysql twin of an rfc export with quotes, escapes, newlines and non-ASCII to the same records', async () => {
    const rfc = await readLegacyExport(legacyFixture('twin-rfc'));
    const mysql = await readLegacyExport(legacyFixture('twin-mysql'));
    expect(mysql.fileDialects?.report).toBe('mysql');
    expect(rfc.fileDialects?.report).toBe('rfc');
    expect(records(mysql)).toEqual(records(rfc));
    expect(rfc.reports.map((r) => r.name)).toEqual([
      'Quotes "inside", commas',
      'Back\\slash \\N and \\\\ and a\ttab',
      'Not NULL: \\N',
      'Two\nlines, "quoted"',
      'Ünïcödé — 東京 ✓',
    ]);
    expect(rfc.reports.map((r) => r.internalName)).toEqual(['COI-Expired', null, 'x', '', null]);
    // The record after a two-line value starts on the right physical line in both dialects.
    expect(rfc.reports.map((r) => r.line)).toEqual([2, 3, 4, 5, 7]);
  });

  it('reads a forced dialect for every file', async () => {
    const legacy = await readLegacyExport(legacyFixture('twin-mysql'), { dialect: 'mysql' });
    expect(new Set(Object.values(legacy.fileDialects ?? {}))).toEqual(new Set(['mysql']));
    expect(legacy.reports[1]?.name).toBe('Back\\slash \\N and \\\\ and a\ttab');
  });

  it('tolerates a UTF-8 BOM in both dialects', async () => {
    const plain = await readLegacyExport(legacyFixture('minimal-rfc'));
    expect(records(await readLegacyExport(legacyFixture('bom')))).toEqual(records(plain));
    expect(records(await readLegacyExport(legacyFixture('bom-mysql')))).toEqual(records(plain));
  });
});

describe('readLegacyExport: PHP e-mail values', () => {
  it('decodes every shape seen in DTX 1.0 and reports corrupt values without dropping the schedule', async () => {
    const legacy = await readLegacyExport(legacyFixture('php-shapes'));
    const recipients = (id: number) => scheduleById(legacy, id).recipients;
    expect(recipients(1)).toEqual(['jose.pena@acme.example.com', 'zoe@acme.example.com']);
    expect(recipients(2)).toEqual([]);
    expect(recipients(3)).toEqual([]);
    expect(recipients(4)).toEqual([]);
    expect([...recipients(5)].sort()).toEqual([
      'a@acme.example.com',
      'b@acme.example.com',
      'c@acme.example.com',
    ]);
    expect(recipients(6)).toEqual(['bare@acme.example.com']);
    expect(recipients(7)).toEqual([]);
    expect(recipients(8)).toEqual([]);
    expect(recipients(9)).toEqual([]);
    expect(scheduleById(legacy, 2).rawEmail).toBe('a:1:{i:0;s:99:"broken@acme.example.com";}');

    const corrupt = legacy.problems.filter((p) =>
      p.message.includes('not valid PHP serialize() output'),
    );
    expect(corrupt.map((p) => [p.line, p.column, p.severity])).toEqual([
      [3, 'email', 'warning'],
      [9, 'email', 'warning'],
      [10, 'do_not_send_email', 'warning'],
    ]);
    expect(scheduleById(legacy, 2).problems.map((p) => p.column)).toEqual(['email']);
    // N;, a:0:{} and an empty column are ordinary "no recipients": reported only because the schedules are active.
    expect(scheduleById(legacy, 3).problems.map((p) => p.message)).toEqual([
      'active schedule with no recipients left: it would send to nobody',
    ]);
  });

  it('cleans recipients: display names, separators, case, junk, duplicates, do_not_send_email', async () => {
    const legacy = await readLegacyExport(legacyFixture('recipient-cleaning'));
    expect(scheduleById(legacy, 1).recipients).toEqual([
      'jose@acme.example.com',
      'ops@acme.example.com',
      'risk@acme.example.com',
      'cfo@acme.example.com',
    ]);
    expect(scheduleById(legacy, 2).recipients).toEqual(['admin@acme.example.com']);
    expect(scheduleById(legacy, 3).recipients).toEqual([
      'a@acme.example.com',
      'c@acme.example.com',
    ]);
    expect(scheduleById(legacy, 3).excluded).toEqual(['b@acme.example.com']);
    expect(legacy.problems.map((p) => `${p.line} ${p.column} ${p.message}`)).toEqual([
      '2 email duplicate address ops@acme.example.com listed once',
      '3 email dropped "n/a": not an e-mail address',
      '3 email dropped "none": not an e-mail address',
      '3 email duplicate address admin@acme.example.com listed once',
      '4 do_not_send_email dropped "nobody": not an e-mail address',
    ]);
    expect(
      legacy.problems.every(
        (p) => p.file === 'report_master_schedule.csv' && p.severity === 'warning',
      ),
    ).toBe(true);
  });
});

describe('readLegacyExport: normalising', () => {
  it('turns zero-dates into null', async () => {
    const legacy = await readLegacyExport(legacyFixture('zero-dates'));
    expect(legacy.reports[0]?.createTime).toBeNull();
    expect(legacy.schedules[0]).toMatchObject({ startDate: null, endDate: null });
    expect(legacy.snapshot.columnTypes[4]).toBe('date');
    expect(legacy.problems).toEqual([]);
  });

  it('reads yes/no and 1/0 as booleans', async () => {
    const legacy = await readLegacyExport(legacyFixture('mixed-booleans'));
    expect(legacy.reports.map((r) => [r.active, r.pdfFormat])).toEqual([
      [true, false],
      [false, true],
    ]);
  });
});

describe('readLegacyExport: problems', () => {
  it('reports references that do not resolve, and keeps the rows', async () => {
    const legacy = await readLegacyExport(legacyFixture('dangling-references'));
    expect(legacy.problems.map((p) => `${p.file}:${p.line} ${p.column} ${p.message}`)).toEqual([
      'report.csv:4 report_category_id report 3 is in unknown category 42',
      'report.csv:4 id active report 3 (Orphan category) has no fields in report_definition.csv',
      'report.csv:5 id active report 4 (No fields) has no fields in report_definition.csv',
      'report_definition.csv:6 report_field_id report 1 uses field id 99999, which is not in report_field_definition.csv',
      'report_definition.csv:7 report_field_id report 1 uses retired (inactive) field ph_legacy_score',
      'report_definition.csv:8 report_field_id report 2 lists field id 1 more than once',
      'report_definition.csv:9 report_id definition 8 belongs to unknown report 77',
      'report_master_schedule.csv:3 report_id schedule 2 is for unknown report 555',
      'report_master_log.csv:5 report_id run 4 is of unknown report 888',
      'report_master_schedule_log.csv:3 schedule_id log entry 2 is for unknown schedule 321',
    ]);
    expect(legacy.definitions).toHaveLength(8);
  });

  it('skips corrupt rows with an error naming file, line and column, and goes on', async () => {
    const legacy = await readLegacyExport(legacyFixture('corrupt-rows'));
    expect(legacy.reports.map((r) => r.id)).toEqual([1, 2]);
    expect(
      legacy.problems
        .filter((p) => p.file === 'report.csv')
        .map((p) => [p.line, p.column ?? null, p.severity, p.message]),
    ).toEqual([
      [
        3,
        null,
        'error',
        'expected 9 values as in the header, found 4; row skipped (an unquoted comma, or a line cut short?)',
      ],
      [4, 'id', 'error', 'id: expected a whole number, got "abc"; row skipped'],
      [
        5,
        'id',
        'error',
        'id: 1 already used on line 2 (the primary key must be unique); row skipped',
      ],
      [
        7,
        'create_time',
        'error',
        'create_time: expected a timestamp YYYY-MM-DD HH:MM:SS, got "2024-13-45 99:00:00"; row skipped',
      ],
    ]);
  });
});

describe('readLegacyExport: structural faults stop the run with one clear line', () => {
  async function failure(fixture: string): Promise<InputError> {
    const error: unknown = await readLegacyExport(legacyFixture(fixture)).catch((e: unknown) => e);
    if (!(error instanceof InputError))
      throw new Error(`expected an InputError, got ${String(error)}`);
    return error;
  }

  it('names the missing column and the file', async () => {
    const error = await failure('missing-column');
    expect(error.message).toBe(
      'report.csv: missing required column "name"; re-export the table with all its columns and a header row',
    );
  });

  it('names the missing file', async () => {
    const error = await failure('missing-file');
    expect(error.message).toMatch(
      /^report_master_log\.csv: file not found in .*missing-file; the export must hold all 8 tables as <table>\.csv$/,
    );
  });

  it('names the file and line that is not UTF-8', async () => {
    const error = await failure('invalid-utf8');
    expect(error.message).toBe(
      'report.csv: line 3: not valid UTF-8; re-export the table as UTF-8 (or convert it, e.g. iconv -f latin1 -t utf-8)',
    );
  });
});
