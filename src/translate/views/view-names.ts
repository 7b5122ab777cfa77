import type { Report } from '../../legacy/types.ts';
import { maxIdentifierBytes, slugify, truncateUtf8 } from '../../sql/sql-text.ts';

/** View names the generator uses itself; a report never takes one. */
const reservedViewNames: ReadonlySet<string> = new Set(['base_record']);

/**
 * The readable part of a report's view name: system reports by their internal name
 * (`COI-Not in Compliance` → `coi_not_in_compliance`), customer reports by customer and name
 * (`custom_1008_atlas_renewals_tracker`) so two customers' "Limits Review" never meet.
 */
export function naturalViewName(report: Report): string {
  const slug = slugify(report.customerId === 0 ? (report.internalName ?? report.name) : report.name);
  const base = report.customerId === 0 ? slug : `custom_${report.customerId}_${slug}`;
  if (slug === '') return `report_${report.id}`;
  return /^[a-z_]/.test(base) ? base : `report_${base}`;
}

/**
 * Unique, stable view names for the given reports. Among reports sharing a natural name, the
 * lowest legacy id keeps it and the others get `_<legacy id>`: adding a newer report never renames
 * an existing view, and the result does not depend on input order.
 */
export function assignViewNames(reports: readonly Report[]): ReadonlyMap<number, string> {
  const sorted = [...reports].sort((a, b) => a.id - b.id);
  const taken = new Set(reservedViewNames);
  const natural = new Map(sorted.map((r) => [r.id, fit(naturalViewName(r), '')]));
  // First pass: the natural names that are free go to their lowest-id claimant.
  const names = new Map<number, string>();
  for (const report of sorted) {
    const name = natural.get(report.id) ?? '';
    if (!taken.has(name)) {
      taken.add(name);
      names.set(report.id, name);
    }
  }
  for (const report of sorted) {
    if (names.has(report.id)) continue;
    const base = natural.get(report.id) ?? '';
    let candidate = fit(base, `_${report.id}`);
    for (let n = 2; taken.has(candidate); n += 1) candidate = fit(base, `_${report.id}_${n}`);
    taken.add(candidate);
    names.set(report.id, candidate);
  }
  return names;
}

function fit(base: string, suffix: string): string {
  return `${truncateUtf8(base, maxIdentifierBytes - suffix.length).replace(/_+$/, '')}${suffix}`;
}
