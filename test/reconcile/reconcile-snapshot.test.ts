import { describe, expect, it } from 'vitest';
import { normaliseValue } from '../../src/reconcile/normalise-values.ts';
import { reconcileSnapshot } from '../../src/reconcile/reconcile-snapshot.ts';
import { baseFieldsToRead, snapshotColumnMappings } from '../../src/reconcile/snapshot-columns.ts';
import { parseTolerance, withinTolerance } from '../../src/reconcile/tolerance.ts';
import type { ObservedRecord } from '../../src/reconcile/types.ts';
import type { SnapshotTable } from '../../src/legacy/types.ts';

const columns = [
  'SO_ID',
  'SO_Name',
  'CH_ID',
  'PH_ID',
  'PH_Name',
  'PH_Status',
  'PH_OnHold',
  'PH_Exempt',
  'PH_COI_Status',
  'PH_COI_Compliant',
  'PH_COI_Expiration',
  'PH_DOC_RiskProfile_ID',
  'PH_GL_Limit',
  'PH_Notes',
  'PH_Custom1',
  'create_time',
];

function snapshot(rows: (string | null)[][]): SnapshotTable {
  return {
    columns,
    rows,
    columnTypes: columns.map(() => 'text'),
    lines: rows.map((_, index) => index + 2),
  };
}

function record(phLegacyId: number, values: Record<string, string | null>): ObservedRecord {
  return { phLegacyId, soLegacyId: '1001', chLegacyId: '10011', values };
}

const agreeing = {
  so_name: 'Acme',
  ph_name: 'Vendor 1',
  ph_status: 'active',
  ph_on_hold: 'false',
  ph_exempt: 'true',
  coi_status: 'non_compliant',
  coi_compliant: 'false',
  coi_expiration_date: '2025-07-21',
  doc_risk_profile: 'None',
  gl_limit: '1000000.00',
  ph_custom_1: null,
};
const batch = '2025-06-30 02:00:00';
const row = (ph: string, overrides: Partial<Record<string, string | null>> = {}) => {
  const base: Record<string, string | null> = {
    SO_ID: '1001',
    SO_Name: 'Acme',
    CH_ID: '10011',
    PH_ID: ph,
    PH_Name: 'Vendor 1',
    PH_Status: 'Active',
    PH_OnHold: '0',
    PH_Exempt: 'yes',
    PH_COI_Status: 'Non-Compliant',
    PH_COI_Compliant: 'no',
    PH_COI_Expiration: '2025-07-21',
    PH_DOC_RiskProfile_ID: '-1',
    PH_GL_Limit: '1000000',
    PH_Notes: 'a note',
    PH_Custom1: null,
    create_time: batch,
    ...overrides,
  };
  return columns.map((column) => base[column] ?? null);
};
const all = new Set(baseFieldsToRead);

describe('reconcileSnapshot', () => {
  it('finds agreement across both boolean encodings, statuses, dates and numbers', () => {
    const report = reconcileSnapshot({
      snapshot: snapshot([row('50000')]),
      records: new Map([[50000, record(50000, agreeing)]]),
      availableFields: all,
      today: '2025-07-10',
    });
    expect(report.totals.different).toBe(0);
    expect(report.totals.disagreements).toBe(0);
    expect(report.batch).toEqual({ createTime: batch, ageDays: 10, olderRowsSkipped: 0 });
    const byName = new Map(report.columns.map((column) => [column.column, column]));
    expect(byName.get('PH_Notes')?.outcome).toBe('no-counterpart');
    expect(byName.get('PH_Custom1')?.outcome).toBe('not-filled');
    expect(byName.get('create_time')?.outcome).toBe('no-counterpart');
    expect(byName.get('PH_GL_Limit')?.equal).toBe(1);
  });

  it('reports differences with both values and classifies them', () => {
    const report = reconcileSnapshot({
      snapshot: snapshot([row('50000', { PH_Name: 'Vendor One', PH_Status: 'Inactive' })]),
      records: new Map([[50000, record(50000, agreeing)]]),
      availableFields: all,
      today: null,
    });
    const name = report.columns.find((column) => column.column === 'PH_Name');
    expect(name?.examples.different).toEqual([
      { line: 2, phId: '50000', snapshot: 'Vendor One', dtx2: 'Vendor 1' },
    ]);
    expect(report.totals.differentCannotChange).toBe(1);
    expect(report.totals.differentCouldChange).toBe(1);
    expect(withinTolerance(parseTolerance('1'), report.totals)).toBe(false);
    expect(withinTolerance(parseTolerance('2'), report.totals)).toBe(true);
  });

  it('lists unmatched rows with why, and compares only the latest batch', () => {
    const report = reconcileSnapshot({
      snapshot: snapshot([
        row('50000'),
        row('50001'),
        row(''),
        row('x9'),
        row('50000'),
        row('50002', { create_time: '2025-06-29 02:00:00' }),
      ]),
      records: new Map([[50000, record(50000, agreeing)]]),
      availableFields: all,
      today: null,
    });
    expect(report.unmatched.map((entry) => entry.reason)).toEqual([
      'no DTX 2.0 record has legacy_ph_id 50001',
      'PH_ID is empty',
      'PH_ID is not a legacy record id',
      'PH_ID 50000 appears twice in the batch (first at line 2)',
    ]);
    expect(report.batch.olderRowsSkipped).toBe(1);
    expect(report.totals.disagreements).toBe(4);
  });

  it('tells the snapshot contradicting itself apart from a DTX 2.0 difference', () => {
    const report = reconcileSnapshot({
      snapshot: snapshot([
        row('50000', { PH_COI_Compliant: 'yes' }),
        row('50001', { SO_Name: 'Acme Inc' }),
      ]),
      records: new Map([
        [50000, record(50000, agreeing)],
        [50001, record(50001, agreeing)],
      ]),
      availableFields: all,
      today: null,
    });
    const byName = new Map(report.columns.map((column) => [column.column, column]));
    expect(byName.get('PH_COI_Compliant')).toMatchObject({ snapshotInconsistent: 1, different: 0 });
    expect(byName.get('SO_Name')).toMatchObject({ snapshotInconsistent: 2, different: 0 });
  });

  it('counts a value on one side only as missing, and a field the view lacks as no counterpart', () => {
    const report = reconcileSnapshot({
      snapshot: snapshot([row('50000')]),
      records: new Map([[50000, record(50000, { ...agreeing, gl_limit: null })]]),
      availableFields: new Set([...all].filter((field) => field !== 'ph_exempt')),
      today: null,
    });
    const byName = new Map(report.columns.map((column) => [column.column, column]));
    expect(byName.get('PH_GL_Limit')?.missingInDtx2).toBe(1);
    expect(byName.get('PH_Exempt')).toMatchObject({
      outcome: 'no-counterpart',
      reason: 'the base layer has no column ph_exempt',
    });
  });
});

describe('normaliseValue', () => {
  it('reads the legacy encodings as FORMAT.md describes', () => {
    expect(normaliseValue('boolean', 'snapshot', 'yes')).toBe('true');
    expect(normaliseValue('boolean', 'snapshot', '0')).toBe('false');
    expect(normaliseValue('boolean', 'dtx2', 'true')).toBe('true');
    expect(normaliseValue('status', 'snapshot', 'Non-Compliant')).toBe('non_compliant');
    expect(normaliseValue('date', 'snapshot', '0000-00-00')).toBeNull();
    expect(normaliseValue('date', 'snapshot', '2019-04-06 15:53:45')).toBe('2019-04-06');
    expect(normaliseValue('number', 'dtx2', '1000000.00')).toBe('1000000');
    expect(normaliseValue('number', 'snapshot', '0.50')).toBe('0.5');
    expect(normaliseValue('person-initial', 'dtx2', 'Kevin Patel')).toBe('k. patel');
    expect(normaliseValue('person-initial', 'snapshot', 'K. Patel')).toBe('k. patel');
    expect(normaliseValue('profile-presence', 'snapshot', '-1')).toBe('no profile');
    expect(normaliseValue('profile-presence', 'snapshot', '4')).toBe('has a profile');
    expect(normaliseValue('profile-presence', 'dtx2', null)).toBe('no profile');
    expect(normaliseValue('boolean', 'snapshot', 'maybe')).toBe('unreadable:maybe');
  });

  it('maps every one of the 93 report_data columns of the format', () => {
    expect(snapshotColumnMappings).toHaveLength(93);
  });

  it('rejects a tolerance that is neither a count nor a percentage', () => {
    expect(() => parseTolerance('a lot')).toThrow(/--tolerance "a lot"/);
    expect(parseTolerance('0.5%')).toEqual({ kind: 'share', percent: 0.5 });
  });
});
