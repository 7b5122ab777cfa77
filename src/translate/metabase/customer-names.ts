import type { SnapshotTable } from '../../legacy/types.ts';

/**
 * DTX 1.0 has no customer table in the reporting export. The report_data snapshot does carry
 * `SO_ID` and `SO_Name`, so a customer whose snapshot rows agree on one name gets it; any other
 * customer is called `Customer <legacy id>`. Explicit names (configuration) win over both.
 */
function customerNamesFromSnapshot(snapshot: SnapshotTable): ReadonlyMap<number, string> {
  const find = (name: string): number =>
    snapshot.columns.findIndex((c) => c.toLowerCase() === name.toLowerCase());
  const idIndex = find('SO_ID');
  const nameIndex = find('SO_Name');
  const seen = new Map<number, Set<string>>();
  if (idIndex < 0 || nameIndex < 0) return new Map();
  for (const row of snapshot.rows) {
    const idText = row[idIndex];
    const name = row[nameIndex]?.trim();
    if (idText === null || idText === undefined || !/^\d+$/.test(idText.trim())) continue;
    if (name === undefined || name === '') continue;
    const id = Number(idText.trim());
    seen.set(id, (seen.get(id) ?? new Set()).add(name));
  }
  const names = new Map<number, string>();
  for (const [id, set] of seen) {
    const [only] = set;
    // Conflicting names would be a guess: fall back to the id.
    if (set.size === 1 && only !== undefined) names.set(id, only);
  }
  return names;
}

export type CustomerName = (legacyId: number) => string;

export function customerNamer(
  snapshot: SnapshotTable,
  overrides: ReadonlyMap<number, string> = new Map(),
): CustomerName {
  const derived = customerNamesFromSnapshot(snapshot);
  return (id) => overrides.get(id) ?? derived.get(id) ?? `Customer ${id}`;
}
