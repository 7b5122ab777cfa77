import { describe, expect, it } from 'vitest';
import { desiredViewsFromFiles } from '../../../src/plan/postgres/desired-views.ts';
import {
  materializeViews,
  parseMaterializeSelection,
} from '../../../src/plan/postgres/materialize-views.ts';
import { InputError } from '../../../src/errors.ts';
import {
  parseViewFileHeader,
  renderViewFileHeader,
} from '../../../src/desired/views/view-file-format.ts';

const base = `${renderViewFileHeader({
  source: 'views/templates/base.sql.hbs',
  view: 'reporting.base_record',
  dependsOn: [],
  requires: [],
  uniqueKey: null,
})}

CREATE OR REPLACE VIEW reporting.base_record AS
SELECT 1 AS so_id;

COMMENT ON VIEW reporting.base_record IS 'base';
`;

const aggregate = `${renderViewFileHeader({
  source: 'legacy report 50, catalog/fields.yaml',
  view: 'reporting.so_summary',
  dependsOn: ['reporting.base_record'],
  requires: [],
  uniqueKey: ['Service Organization', 'num_days'],
})}

CREATE OR REPLACE VIEW reporting.so_summary AS
SELECT
    b.so_id AS "Service Organization",
    count(*) AS "Total",
    n.num_days AS num_days
FROM reporting.base_record AS b
CROSS JOIN generate_series(0, 366) AS n (num_days)
GROUP BY
    b.so_id,
    n.num_days;

COMMENT ON VIEW reporting.so_summary IS 'Legacy report 50.';
COMMENT ON COLUMN reporting.so_summary."Total" IS 'count';
`;

const desired = () =>
  desiredViewsFromFiles([
    { path: 'views/base/base_record.sql', text: base },
    { path: 'views/reports/so_summary.sql', text: aggregate },
  ]);

describe('the unique-key header line', () => {
  it('reads back what generate writes, names with spaces included', () => {
    expect(parseViewFileHeader(aggregate, 'x.sql').uniqueKey).toEqual([
      'Service Organization',
      'num_days',
    ]);
    expect(parseViewFileHeader(base, 'x.sql').uniqueKey).toBeNull();
  });

  it('names the file and line of a damaged key', () => {
    const damaged = aggregate.replace(/unique-key: .*/, 'unique-key: ["a", 3]');
    expect(() => parseViewFileHeader(damaged, 'views/reports/so_summary.sql')).toThrow(InputError);
    try {
      parseViewFileHeader(damaged, 'views/reports/so_summary.sql');
    } catch (error) {
      expect((error as InputError).details.join('\n')).toContain(
        'views/reports/so_summary.sql:5: cannot read "unique-key',
      );
    }
  });
});

describe('parseMaterializeSelection', () => {
  it('reads none, aggregates and view names', () => {
    expect(parseMaterializeSelection('none')).toEqual({ kind: 'none' });
    expect(parseMaterializeSelection('')).toEqual({ kind: 'none' });
    expect(parseMaterializeSelection('aggregates')).toEqual({ kind: 'aggregates' });
    expect(parseMaterializeSelection(' b_view, reporting.a_view ,b_view')).toEqual({
      kind: 'views',
      names: ['b_view', 'reporting.a_view'],
    });
  });

  it('rejects what cannot be a view name', () => {
    expect(() => parseMaterializeSelection('man_so; DROP TABLE x')).toThrow(/not a view name/);
  });
});

describe('materializeViews', () => {
  it('leaves the files alone for none', () => {
    expect(materializeViews(desired(), { kind: 'none' })).toEqual(desired());
  });

  it('turns keyed views into materialized views with a unique index and a new hash', () => {
    const before = desired();
    const after = materializeViews(before, { kind: 'aggregates' });
    const [plainBase, summary] = after.views;
    expect(plainBase).toEqual(before.views[0]);
    expect(summary?.materialized).toBe(true);
    expect(summary?.hash).not.toBe(before.views[1]?.hash);
    expect(summary?.sql).toContain('CREATE MATERIALIZED VIEW reporting.so_summary AS\nSELECT');
    expect(summary?.sql).toContain(
      'CREATE UNIQUE INDEX so_summary_dtx_key ON reporting.so_summary ("Service Organization", num_days);',
    );
    expect(summary?.sql).toContain('COMMENT ON MATERIALIZED VIEW reporting.so_summary IS');
    expect(summary?.sql).not.toContain('CREATE OR REPLACE VIEW');
    // Column comments work on materialized views unchanged.
    expect(summary?.sql).toContain('COMMENT ON COLUMN reporting.so_summary."Total"');
  });

  it('accepts a name with or without the schema', () => {
    for (const name of ['so_summary', 'reporting.so_summary']) {
      const after = materializeViews(desired(), { kind: 'views', names: [name] });
      expect(after.views.map((v) => v.materialized)).toEqual([false, true]);
    }
  });

  it('reports every unknown or keyless name at once', () => {
    try {
      materializeViews(desired(), {
        kind: 'views',
        names: ['base_record', 'nope', 'x.so_summary'],
      });
      expect.unreachable('materializeViews accepted names it cannot materialize');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const details = (error as InputError).details;
      expect(details).toHaveLength(3);
      expect(details[0]).toContain('base_record: only aggregate report views');
      expect(details[1]).toContain('nope: no generated view has this name');
      expect(details[2]).toContain('x.so_summary: no generated view has this name');
    }
  });
});
