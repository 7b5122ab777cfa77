import { maxIdentifierBytes, truncateUtf8 } from '../../sql/sql-text.ts';

/**
 * Column names from legacy labels, unique within one view. A repeated label gets ` (2)`, ` (3)`…
 * in column order. Comparison ignores case (Metabase and most users do); names are cut to the 63
 * bytes Postgres keeps, on a character boundary, so Postgres never truncates them on its own.
 * `reserved` names (the filter columns) are never given to a label.
 */
export function uniqueColumnNames(
  labels: readonly string[],
  reserved: ReadonlySet<string> = new Set(),
): readonly string[] {
  const taken = new Set([...reserved].map((name) => name.toLowerCase()));
  return labels.map((label) => {
    const base = truncateUtf8(label.trim(), maxIdentifierBytes);
    let name = base;
    for (let n = 2; name === '' || taken.has(name.toLowerCase()); n += 1) {
      const suffix = ` (${n})`;
      name = `${truncateUtf8(base, maxIdentifierBytes - suffix.length).trimEnd()}${suffix}`;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}
