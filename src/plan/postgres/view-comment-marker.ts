/**
 * How provision recognises its own views and their definitions: the view comment ends with a
 * marker holding the sha256 of the generated file. Views without it are never dropped or
 * replaced; a matching hash means "unchanged" and sends nothing.
 */
const markerPattern = /\n?\n?\[dtx-reports managed view; sha256:([0-9a-f]{64})\]$/;

export function withManagedMarker(comment: string | null, hash: string): string {
  const base = (comment ?? '').replace(markerPattern, '');
  return `${base}${base === '' ? '' : '\n\n'}[dtx-reports managed view; sha256:${hash}]`;
}

/** The hash recorded in a view comment, or null when the view is not ours. */
export function managedHash(comment: string | null): string | null {
  if (comment === null) return null;
  return markerPattern.exec(comment)?.[1] ?? null;
}
