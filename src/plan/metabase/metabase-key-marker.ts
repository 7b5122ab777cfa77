/**
 * Metabase cannot store an id of ours (entity_id is not settable), so the managed key lives on the
 * object itself: in the description of collections, cards, dashboards and the database, and in
 * the name of pulses (which have no description). The marker is how a run that was killed
 * midway, an ambiguous POST, or an object restored from the trash is recognised as ours. Objects
 * without a marker are not ours and are never touched.
 */

const markerPattern = /\n*\s*Managed by dtx-reports \(key: ([^\s)]+)\)\.[^\n]*$/;
const namePattern = /\s*\[dtx-reports ([^\s\]]+)\]$/;

export function describeWithKey(description: string, key: string): string {
  const note = `Managed by dtx-reports (key: ${key}). Edits made here are reverted by the next provision.`;
  return description.trim() === '' ? note : `${description.trimEnd()}\n\n${note}`;
}

export function keyFromDescription(description: string | null | undefined): string | null {
  const match = description ? markerPattern.exec(description) : null;
  return match?.[1] ?? null;
}

/** The description as a person wrote it, without our marker (what plans compare). */
export function descriptionWithoutKey(description: string | null | undefined): string {
  return (description ?? '').replace(markerPattern, '');
}

export function nameWithKey(name: string, key: string): string {
  return `${name} [dtx-reports ${key}]`;
}

export function keyFromName(name: string): string | null {
  return namePattern.exec(name)?.[1] ?? null;
}

export function nameWithoutKey(name: string): string {
  return name.replace(namePattern, '');
}
