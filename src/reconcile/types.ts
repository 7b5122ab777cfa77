import type { ChangeClass, CompareKind } from './snapshot-columns.ts';

/** One DTX 2.0 record as the base layer shows it, found by its legacy PH_ID. */
export interface ObservedRecord {
  readonly phLegacyId: number;
  readonly soLegacyId: string | null;
  readonly chLegacyId: string | null;
  /** base_record columns as text (Postgres' own text form), by column name. */
  readonly values: Readonly<Record<string, string | null>>;
}

export interface CellExample {
  readonly line: number | null;
  readonly phId: string | null;
  readonly snapshot: string | null;
  readonly dtx2: string | null;
}

/**
 * compared: mapped and filled by the batch; not-filled: NULL on every row (the batch did not fill
 * it, so it says nothing); no-counterpart: nothing in the base layer stands for it.
 */
export type ColumnOutcome = 'compared' | 'not-filled' | 'no-counterpart';

export interface ColumnResult {
  readonly column: string;
  readonly field: string | null;
  readonly kind: CompareKind | null;
  readonly change: ChangeClass | null;
  readonly outcome: ColumnOutcome;
  readonly reason: string | null;
  /** Same value, or empty on both sides. */
  readonly equal: number;
  readonly different: number;
  readonly missingInDtx2: number;
  readonly missingInSnapshot: number;
  /** Cells where the snapshot contradicts itself: not counted as DTX 2.0 differences. */
  readonly snapshotInconsistent: number;
  readonly examples: {
    readonly different: readonly CellExample[];
    readonly missingInDtx2: readonly CellExample[];
    readonly missingInSnapshot: readonly CellExample[];
    readonly snapshotInconsistent: readonly CellExample[];
  };
}

export interface UnmatchedRow {
  readonly line: number | null;
  readonly phId: string | null;
  readonly reason: string;
}

export interface ReconcileTotals {
  readonly rows: number;
  readonly matched: number;
  readonly unmatched: number;
  readonly columns: number;
  readonly columnsCompared: number;
  readonly columnsNotFilled: number;
  readonly columnsWithoutCounterpart: number;
  readonly cellsCompared: number;
  readonly equal: number;
  readonly different: number;
  readonly differentCouldChange: number;
  readonly differentCannotChange: number;
  readonly missingInDtx2: number;
  readonly missingInSnapshot: number;
  readonly snapshotInconsistent: number;
  /** different + missing on either side + unmatched rows: what `--tolerance` is measured against. */
  readonly disagreements: number;
}

export interface ReconcileReport {
  /** The batch compared (report_data's latest `create_time`), and how old it is in days. */
  readonly batch: {
    readonly createTime: string | null;
    readonly ageDays: number | null;
    readonly olderRowsSkipped: number;
  };
  readonly columns: readonly ColumnResult[];
  readonly unmatched: readonly UnmatchedRow[];
  readonly totals: ReconcileTotals;
}
