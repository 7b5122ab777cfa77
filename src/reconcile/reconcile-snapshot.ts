import type { SnapshotTable } from '../legacy/types.ts';
import { normaliseValue } from './normalise-values.ts';
import { mappingOf, type MappedColumn } from './snapshot-columns.ts';
import type {
  CellExample,
  ColumnResult,
  ObservedRecord,
  ReconcileReport,
  UnmatchedRow,
} from './types.ts';

/**
 * Compares DTX 1.0's report_data snapshot with the base layer, cell by cell: pure (the records
 * were read beforehand, see src/observe/postgres/base-records-for-reconcile.ts).
 *
 * Rows are matched through PH_ID = docutrax_hierarchy_record.legacy_ph_id; SO_ID and CH_ID are
 * then compared like any other column (a record filed under another client shows there). Only
 * the latest batch (`create_time`) is compared: older batches are earlier states of the same rows.
 */
export interface ReconcileInput {
  readonly snapshot: SnapshotTable;
  /** By legacy PH_ID. */
  readonly records: ReadonlyMap<number, ObservedRecord>;
  /** `YYYY-MM-DD` of the database's current_date, for the snapshot's age; null if unknown. */
  readonly today: string | null;
  /** The base_record columns that exist; a mapped field outside it has no counterpart. */
  readonly availableFields: ReadonlySet<string>;
  readonly examplesPerKind?: number;
}

const phIdPattern = /^\s*(\d{1,10})\s*$/;

export function phIdOf(raw: string | null | undefined): number | null {
  const match = phIdPattern.exec(raw ?? '');
  if (match === null) return null;
  const id = Number(match[1]);
  return id <= 2_147_483_647 ? id : null;
}

function daysBetween(from: string, to: string): number | null {
  const a = Date.parse(`${from.slice(0, 10)}T00:00:00Z`);
  const b = Date.parse(`${to.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(a) || Number.isNaN(b) ? null : Math.round((b - a) / 86_400_000);
}

interface SnapshotRow {
  readonly cells: readonly (string | null)[];
  readonly line: number | null;
}

function dtx2Value(record: ObservedRecord, mapping: MappedColumn): string | null {
  switch (mapping.field) {
    case 'so_legacy_id':
      return record.soLegacyId;
    case 'ch_legacy_id':
      return record.chLegacyId;
    case 'ph_legacy_id':
      return String(record.phLegacyId);
    default:
      return record.values[mapping.field] ?? null;
  }
}

export function reconcileSnapshot(input: ReconcileInput): ReconcileReport {
  const { snapshot } = input;
  const limit = input.examplesPerKind ?? 3;
  const position = (name: string) => snapshot.columns.indexOf(name);
  const at = { so: position('SO_ID'), ch: position('CH_ID'), ph: position('PH_ID') };
  const batchAt = position('create_time');
  const cell = (row: SnapshotRow, index: number): string | null =>
    index < 0 ? null : (row.cells[index] ?? null);

  const allRows: SnapshotRow[] = snapshot.rows.map((cells, index) => ({
    cells,
    line: snapshot.lines[index] ?? null,
  }));
  let createTime: string | null = null;
  for (const row of allRows) {
    const value = cell(row, batchAt);
    if (value !== null && value !== '' && (createTime === null || value > createTime))
      createTime = value;
  }
  const rows =
    createTime === null ? allRows : allRows.filter((row) => cell(row, batchAt) === createTime);

  const unmatched: UnmatchedRow[] = [];
  const matched: { row: SnapshotRow; record: ObservedRecord }[] = [];
  const seenPh = new Map<number, number | null>();
  for (const row of rows) {
    const raw = cell(row, at.ph);
    const id = phIdOf(raw);
    if (at.ph < 0) {
      unmatched.push({ line: row.line, phId: null, reason: 'report_data has no PH_ID column' });
    } else if (raw === null || raw.trim() === '') {
      unmatched.push({ line: row.line, phId: null, reason: 'PH_ID is empty' });
    } else if (id === null) {
      unmatched.push({ line: row.line, phId: raw, reason: 'PH_ID is not a legacy record id' });
    } else if (seenPh.has(id)) {
      unmatched.push({
        line: row.line,
        phId: raw,
        reason: `PH_ID ${id} appears twice in the batch (first at line ${seenPh.get(id) ?? '?'})`,
      });
    } else {
      seenPh.set(id, row.line);
      const record = input.records.get(id);
      if (record === undefined) {
        unmatched.push({
          line: row.line,
          phId: raw,
          reason: `no DTX 2.0 record has legacy_ph_id ${id}`,
        });
      } else {
        matched.push({ row, record });
      }
    }
  }

  const columns: ColumnResult[] = snapshot.columns.map((column, index) => {
    const mapping = mappingOf(column);
    const empty = {
      equal: 0,
      different: 0,
      missingInDtx2: 0,
      missingInSnapshot: 0,
      snapshotInconsistent: 0,
      examples: {
        different: [],
        missingInDtx2: [],
        missingInSnapshot: [],
        snapshotInconsistent: [],
      },
    };
    if (mapping.field === null) {
      return {
        column,
        field: null,
        kind: null,
        change: null,
        outcome: 'no-counterpart',
        reason: mapping.reason,
        ...empty,
      };
    }
    const described = { column, field: mapping.field, kind: mapping.kind, change: mapping.change };
    if (mapping.kind !== 'legacy-id' && !input.availableFields.has(mapping.field)) {
      return {
        ...described,
        outcome: 'no-counterpart',
        reason: `the base layer has no column ${mapping.field}`,
        ...empty,
      };
    }
    const filled = rows.some((row) => (cell(row, index) ?? '').trim() !== '');
    if (!filled) {
      return {
        ...described,
        outcome: 'not-filled',
        reason: 'NULL on every row: the batch did not fill it, so it says nothing',
        ...empty,
      };
    }
    const snapshotValue = (row: SnapshotRow) =>
      normaliseValue(mapping.kind, 'snapshot', cell(row, index));

    // The snapshot contradicting itself: an SO or CH value that varies across that org's or
    // client's rows, or a flag the same row's status contradicts.
    const inconsistentRows = new Set<SnapshotRow>();
    if (mapping.level !== 'ph') {
      const key = mapping.level === 'so' ? at.so : at.ch;
      const groups = new Map<string, SnapshotRow[]>();
      for (const row of rows) {
        const id = cell(row, key);
        if (id === null) continue;
        groups.set(id, [...(groups.get(id) ?? []), row]);
      }
      for (const group of groups.values()) {
        const values = new Set(group.map(snapshotValue).filter((value) => value !== null));
        if (values.size > 1) for (const row of group) inconsistentRows.add(row);
      }
    }
    if (mapping.impliedBy !== undefined) {
      const { column: statusColumn, whenTrue } = mapping.impliedBy;
      const statusAt = position(statusColumn);
      for (const row of rows) {
        const flag = snapshotValue(row);
        const status = normaliseValue('status', 'snapshot', cell(row, statusAt));
        if (flag === null || status === null) continue;
        if ((status === whenTrue) !== (flag === 'true')) inconsistentRows.add(row);
      }
    }

    const counts = { equal: 0, different: 0, missingInDtx2: 0, missingInSnapshot: 0 };
    let snapshotInconsistent = 0;
    const examples = {
      different: [] as CellExample[],
      missingInDtx2: [] as CellExample[],
      missingInSnapshot: [] as CellExample[],
      snapshotInconsistent: [] as CellExample[],
    };
    const note = (list: CellExample[], example: CellExample) => {
      if (list.length < limit) list.push(example);
    };
    for (const { row, record } of matched) {
      const rawDtx2 = dtx2Value(record, mapping);
      const example: CellExample = {
        line: row.line,
        phId: cell(row, at.ph),
        snapshot: cell(row, index),
        dtx2: rawDtx2,
      };
      if (inconsistentRows.has(row)) {
        snapshotInconsistent += 1;
        note(examples.snapshotInconsistent, example);
        continue;
      }
      const left = snapshotValue(row);
      const right = normaliseValue(mapping.kind, 'dtx2', rawDtx2);
      if (left === right) counts.equal += 1;
      else if (left === null) {
        counts.missingInSnapshot += 1;
        note(examples.missingInSnapshot, example);
      } else if (right === null) {
        counts.missingInDtx2 += 1;
        note(examples.missingInDtx2, example);
      } else {
        counts.different += 1;
        note(examples.different, example);
      }
    }
    return {
      ...described,
      outcome: 'compared',
      reason: null,
      ...counts,
      snapshotInconsistent,
      examples,
    };
  });

  const compared = columns.filter((column) => column.outcome === 'compared');
  const sum = (pick: (column: ColumnResult) => number, of = compared) =>
    of.reduce((total, column) => total + pick(column), 0);
  const different = sum((column) => column.different);
  const missingInDtx2 = sum((column) => column.missingInDtx2);
  const missingInSnapshot = sum((column) => column.missingInSnapshot);
  return {
    batch: {
      createTime,
      ageDays:
        createTime === null || input.today === null ? null : daysBetween(createTime, input.today),
      olderRowsSkipped: allRows.length - rows.length,
    },
    columns,
    unmatched,
    totals: {
      rows: rows.length,
      matched: matched.length,
      unmatched: unmatched.length,
      columns: columns.length,
      columnsCompared: compared.length,
      columnsNotFilled: columns.filter((column) => column.outcome === 'not-filled').length,
      columnsWithoutCounterpart: columns.filter((column) => column.outcome === 'no-counterpart')
        .length,
      cellsCompared: compared.length * matched.length,
      equal: sum((column) => column.equal),
      different,
      differentCouldChange: sum(
        (column) => column.different,
        compared.filter((column) => column.change === 'could-change'),
      ),
      differentCannotChange: sum(
        (column) => column.different,
        compared.filter((column) => column.change === 'cannot-change'),
      ),
      missingInDtx2,
      missingInSnapshot,
      snapshotInconsistent: sum((column) => column.snapshotInconsistent),
      disagreements: different + missingInDtx2 + missingInSnapshot + unmatched.length,
    },
  };
}
