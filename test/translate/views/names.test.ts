import { describe, expect, it } from 'vitest';
import { uniqueColumnNames } from '../../../src/translate/views/column-names.ts';
import { quoteIdent, quoteLiteral } from '../../../src/sql/sql-quote.ts';
import { assignViewNames, naturalViewName } from '../../../src/translate/views/view-names.ts';
import { report } from './legacy-builders.ts';

describe('view names', () => {
  it('reads like the legacy report', () => {
    expect(naturalViewName(report({ id: 135, internalName: 'COI-Not in Compliance' }))).toBe('coi_not_in_compliance');
    expect(naturalViewName(report({ id: 200, customerId: 1008, name: 'Atlas Renewals Tracker' }))).toBe(
      'custom_1008_atlas_renewals_tracker',
    );
    expect(naturalViewName(report({ id: 5, name: 'Ünïcode Résumé' }))).toBe('unicode_resume');
    expect(naturalViewName(report({ id: 6, name: '名前' }))).toBe('report_6');
    expect(naturalViewName(report({ id: 7, name: '2024 Review' }))).toBe('report_2024_review');
  });

  it('resolves collisions by legacy id, whatever the input order', () => {
    const reports = [
      report({ id: 277, customerId: 1008, name: 'Atlas Renewals Tracker' }),
      report({ id: 200, customerId: 1008, name: 'Atlas Renewals Tracker' }),
      report({ id: 3, internalName: 'base record' }),
    ];
    const names = assignViewNames(reports);
    expect(names.get(200)).toBe('custom_1008_atlas_renewals_tracker');
    expect(names.get(277)).toBe('custom_1008_atlas_renewals_tracker_277');
    expect(names.get(3)).toBe('base_record_3');
    expect(assignViewNames([...reports].reverse())).toEqual(names);
  });

  it('keeps names within 63 bytes', () => {
    const long = 'x'.repeat(100);
    const names = assignViewNames([report({ id: 1, internalName: long }), report({ id: 2, internalName: long })]);
    expect(names.get(1)).toHaveLength(63);
    expect(names.get(2)).toMatch(/^x+_2$/);
    expect(names.get(2)).toHaveLength(63);
  });
});

describe('column names', () => {
  it('numbers repeated labels in order, ignoring case, and avoids reserved names', () => {
    expect(uniqueColumnNames(['Status', 'Status', 'status', 'client_id'], new Set(['client_id']))).toEqual([
      'Status',
      'Status (2)',
      'status (3)',
      'client_id (2)',
    ]);
  });

  it('cuts labels to 63 bytes on a character boundary', () => {
    const [name] = uniqueColumnNames(['é'.repeat(40)]);
    expect(Buffer.byteLength(name ?? '')).toBe(62);
    const [, second] = uniqueColumnNames(['a'.repeat(70), 'a'.repeat(70)]);
    expect(second).toBe(`${'a'.repeat(59)} (2)`);
  });
});

describe('quoting', () => {
  it('quotes identifiers only when needed and doubles quotes', () => {
    expect(quoteIdent('coi_expired')).toBe('coi_expired');
    expect(quoteIdent('user')).toBe('"user"');
    expect(quoteIdent('Say "hi"')).toBe('"Say ""hi"""');
    expect(quoteLiteral("Owner's")).toBe("'Owner''s'");
  });
});
