import { InputError } from '../errors.ts';
import type { ReconcileTotals } from './types.ts';

/**
 * `--tolerance`: how many disagreements (different cells, cells missing on either side, unmatched
 * rows) the operator accepts before reconcile exits with "differences found". A whole number is a
 * count; `N%` is a share of the compared cells.
 */
export type Tolerance =
  | { readonly kind: 'count'; readonly count: number }
  | { readonly kind: 'share'; readonly percent: number };

export function parseTolerance(text: string): Tolerance {
  const trimmed = text.trim();
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(trimmed);
  if (percent !== null) {
    const value = Number(percent[1]);
    if (value <= 100) return { kind: 'share', percent: value };
  }
  if (/^\d+$/.test(trimmed)) return { kind: 'count', count: Number(trimmed) };
  throw new InputError(
    `--tolerance "${text}" is not a count or a percentage; expected e.g. 0, 25 or 0.5%`,
  );
}

function allowedDisagreements(tolerance: Tolerance, totals: ReconcileTotals): number {
  return tolerance.kind === 'count'
    ? tolerance.count
    : Math.floor((totals.cellsCompared * tolerance.percent) / 100);
}

export function withinTolerance(tolerance: Tolerance, totals: ReconcileTotals): boolean {
  return totals.disagreements <= allowedDisagreements(tolerance, totals);
}

export function describeTolerance(tolerance: Tolerance): string {
  return tolerance.kind === 'count' ? String(tolerance.count) : `${tolerance.percent}%`;
}
