import { diffValues } from './diff-values.ts';
import type { FieldChange, PlanItem, ResourceKind } from './types.ts';

/** A desired object, already reduced to the fields we manage (its comparable form). */
export interface DesiredResource {
  readonly key: string;
  readonly title: string;
  readonly comparable: unknown;
}

/** An object found remotely and recognised as ours by its managed key, normalised the same way. */
export interface ObservedResource {
  readonly key: string;
  readonly title: string;
  readonly remoteId: number | string;
  readonly comparable: unknown;
  /** In Metabase's trash: restoring it is an update, not a create, so its id (and links) survive. */
  readonly archived?: boolean;
}

export interface PlanResourcesInput {
  readonly kind: ResourceKind;
  readonly desired: readonly DesiredResource[];
  readonly observed: readonly ObservedResource[];
  /** Archive managed objects that are no longer in the code (never hard-delete). */
  readonly prune: boolean;
}

/**
 * The heart of every handler: match desired and observed objects by managed key, then compare
 * their comparable forms. Both sides must be normalised by the caller, so that a second run
 * finds nothing to do.
 */
export function planResources(input: PlanResourcesInput): PlanItem[] {
  const observedByKey = new Map(input.observed.map((o) => [o.key, o]));
  const items: PlanItem[] = [];

  for (const want of input.desired) {
    const have = observedByKey.get(want.key);
    if (!have) {
      items.push({
        kind: input.kind,
        key: want.key,
        title: want.title,
        action: 'create',
        remoteId: null,
        changes: diffValues({}, want.comparable).map(toCreation),
      });
      continue;
    }
    const changes = diffValues(have.comparable, want.comparable);
    const restore = have.archived === true;
    items.push({
      kind: input.kind,
      key: want.key,
      title: want.title,
      action: restore || changes.length > 0 ? 'update' : 'noop',
      remoteId: have.remoteId,
      changes: restore ? [{ path: 'archived', before: true, after: false }, ...changes] : changes,
      ...(restore ? { note: 'found in the trash: restoring it' } : {}),
      ...(!restore && changes.length > 0
        ? { note: 'differs from the code (drift or a code change)' }
        : {}),
    });
  }

  const wanted = new Set(input.desired.map((d) => d.key));
  for (const have of input.observed) {
    if (wanted.has(have.key) || have.archived === true) continue;
    items.push({
      kind: input.kind,
      key: have.key,
      title: have.title,
      action: input.prune ? 'archive' : 'noop',
      remoteId: have.remoteId,
      changes: [],
      note: input.prune
        ? 'no longer in the code'
        : 'no longer in the code; kept (run with --prune to archive it)',
    });
  }
  return items.sort((a, b) => a.key.localeCompare(b.key));
}

function toCreation(change: FieldChange): FieldChange {
  return { path: change.path, before: null, after: change.after };
}
