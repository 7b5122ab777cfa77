import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { desiredViewsFromFiles } from '../../../src/plan/postgres/desired-views.ts';
import { InputError } from '../../../src/errors.ts';
import { loadSqlParser } from '../../../src/desired/sql-safety/sql-parser.ts';
import { viewFileProblems } from '../../../src/desired/sql-safety/view-file-safety.ts';
import { parseViewFileHeader } from '../../../src/desired/views/view-file-format.ts';
import { projectRoot } from '../../support/shared.ts';

const parser = await loadSqlParser();
const committed = (file: string): string => readFileSync(path.join(projectRoot, file), 'utf8');
const report = committed('views/reports/coi_expired.sql');
const base = committed('views/base/base_record.sql');

function problems(text: string, file = 'views/reports/coi_expired.sql'): string {
  const header = parseViewFileHeader(text, file);
  const [schema = '', name = ''] = header.view.split('.');
  return viewFileProblems(text, { schema, name, requires: header.requires }, parser)
    .map((p) => p.message)
    .join('\n');
}

describe('viewFileProblems: one CREATE VIEW of the header’s view, and comments on it', () => {
  it('accepts the committed report view and base layer', () => {
    expect(problems(report)).toBe('');
    expect(problems(base, 'views/base/base_record.sql')).toBe('');
    expect(
      problems(
        report
          .replace('CREATE OR REPLACE VIEW', 'CREATE MATERIALIZED VIEW')
          .replace(/COMMENT ON VIEW/g, 'COMMENT ON MATERIALIZED VIEW'),
      ),
    ).toBe('');
  });

  it.each([
    [
      'row 2: DROP TABLE appended',
      `${report}DROP TABLE public.canary;\n`,
      /DROP: a view file holds one CREATE VIEW of reporting\.coi_expired/,
    ],
    [
      'row 2: GRANT appended',
      `${report}GRANT SELECT ON public.auth_user TO dtx_reporting_reader;\n`,
      /GRANT\/REVOKE: a view file holds one CREATE VIEW/,
    ],
    [
      'row 2: a view in public appended',
      `${report}CREATE VIEW public.x AS SELECT 1;\n`,
      /creates view public\.x, but the header names reporting\.coi_expired[\s\S]*holds 2 CREATE VIEW statements/,
    ],
    [
      'a view with another name',
      report.replace(
        'CREATE OR REPLACE VIEW reporting.coi_expired',
        'CREATE OR REPLACE VIEW reporting.coi_other',
      ),
      /creates view reporting\.coi_other, but the header names reporting\.coi_expired/,
    ],
    [
      'a view in another schema',
      report.replace(
        'CREATE OR REPLACE VIEW reporting.coi_expired',
        'CREATE OR REPLACE VIEW public.coi_expired',
      ),
      /creates view public\.coi_expired/,
    ],
    [
      'a temporary view',
      report.replace(
        'CREATE OR REPLACE VIEW reporting.coi_expired',
        'CREATE OR REPLACE TEMP VIEW coi_expired',
      ),
      /creates view coi_expired/,
    ],
    [
      'COMMENT ON another view',
      `${report}COMMENT ON VIEW reporting.base_record IS 'x';\n`,
      /COMMENT ON VIEW reporting\.base_record: a view file may only comment on reporting\.coi_expired/,
    ],
    [
      'COMMENT ON a table',
      `${report}COMMENT ON TABLE public.canary IS 'x';\n`,
      /COMMENT ON TABLE public\.canary/,
    ],
    [
      'COMMENT ON a column of another view',
      `${report}COMMENT ON COLUMN reporting.base_record.so_id IS 'x';\n`,
      /COMMENT ON COLUMN reporting\.base_record\.so_id/,
    ],
    [
      'DO',
      `${report}DO $$BEGIN EXECUTE 'DROP TABLE public.canary'; END$$;\n`,
      /DO: a view file holds/,
    ],
    ['COPY', `${report}COPY (SELECT 1) TO PROGRAM 'touch /tmp/x';\n`, /COPY: a view file holds/],
    [
      'SET',
      report.replace('\nCREATE OR REPLACE VIEW', '\nSET ROLE postgres;\nCREATE OR REPLACE VIEW'),
      /SET: a view file holds/,
    ],
    [
      'CREATE FUNCTION',
      `${report}CREATE FUNCTION reporting.f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n`,
      /CREATE FUNCTION: a view file holds/,
    ],
    [
      'a second statement after a string holding a semicolon',
      report.replace(
        "IS 'Legacy field ch_name",
        "IS ';'; DROP TABLE public.canary; COMMENT ON COLUMN reporting.coi_expired.\"Client Name\" IS 'Legacy field ch_name",
      ),
      /DROP: a view file holds/,
    ],
    [
      'no CREATE VIEW at all',
      report.replace(/CREATE OR REPLACE VIEW[\s\S]*?;\n/, ''),
      /holds 0 CREATE VIEW statements/,
    ],
    [
      'a body calling a writer function',
      report.replace('b.ch_name AS "Client Name"', 'pg_terminate_backend(1) AS "Client Name"'),
      /calls pg_terminate_backend\(\)/,
    ],
    [
      'a materialized body reading a file (it runs at CREATE)',
      report
        .replace('CREATE OR REPLACE VIEW', 'CREATE MATERIALIZED VIEW')
        .replace('b.ch_name AS "Client Name"', 'pg_read_file(\'/etc/passwd\') AS "Client Name"'),
      /calls pg_read_file\(\)/,
    ],
    [
      'a body calling dblink_exec',
      report.replace(
        'b.ch_name AS "Client Name"',
        "dblink_exec('host=x', 'DROP TABLE t') AS \"Client Name\"",
      ),
      /calls dblink_exec\(\)/,
    ],
    [
      'a body reading an undeclared DTX 2.0 table',
      report.replace(
        'FROM reporting.base_record AS b',
        'FROM reporting.base_record AS b, public.auth_user AS u',
      ),
      /reads public\.auth_user, which is neither in reporting nor declared by a "-- requires:" line/,
    ],
    [
      'a body with a data-modifying WITH',
      report.replace(
        'CREATE OR REPLACE VIEW reporting.coi_expired AS\n',
        'CREATE OR REPLACE VIEW reporting.coi_expired AS\nWITH d AS (DELETE FROM public.canary RETURNING 1)\n',
      ),
      /WITH d AS \(DELETE …\) writes/,
    ],
    [
      'view options',
      report.replace(
        'CREATE OR REPLACE VIEW reporting.coi_expired AS',
        'CREATE OR REPLACE VIEW reporting.coi_expired WITH (security_barrier) AS',
      ),
      /view options/,
    ],
    [
      'CREATE TABLE AS',
      report.replace(
        'CREATE OR REPLACE VIEW reporting.coi_expired AS',
        'CREATE TABLE reporting.coi_expired AS',
      ),
      /CREATE TABLE AS: a view file holds/,
    ],
    [
      'something that does not parse',
      `${report}DROP TABLE;`,
      /PostgreSQL's parser says: syntax error/,
    ],
  ])('refuses %s', (_what, text, expected) => {
    expect(problems(text)).toMatch(expected);
  });

  it('names the file and line of each problem, and reports every file at once', () => {
    const hostile = `${report}DROP TABLE public.canary;\n`;
    const line = hostile.split('\n').length - 1;
    let caught: unknown;
    try {
      desiredViewsFromFiles(
        [
          { path: 'views/base/base_record.sql', text: base },
          { path: 'views/reports/coi_expired.sql', text: hostile },
        ],
        parser,
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).details.join('\n')).toContain(
      `views/reports/coi_expired.sql:${line}: DROP: a view file holds one CREATE VIEW`,
    );
  });
});
