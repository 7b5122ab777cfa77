import type { Card, Collection, Dashboard, Pulse } from '../../metabase/types.ts';
import type { ObservedMetabase } from './metabase-state.ts';
import { keyFromDescription, keyFromPulse, nameWithoutKey } from './metabase-key-marker.ts';

/** Lookups from Metabase ids to what they stand for in our terms. */
export interface IdNames {
  readonly collectionKey: (id: number | null) => string | null;
  readonly questionKey: (id: number | null) => string | null;
  readonly dashboardKey: (id: number | null) => string | null;
  /** Field id → `schema.view.column` (from the synced metadata). */
  readonly fieldName: (id: number | string) => string | null;
}

/** Managed objects found remotely, by key, with the id lookups plans and apply both need. */
export interface ManagedIndex {
  readonly collections: ReadonlyMap<string, Collection>;
  readonly cards: ReadonlyMap<string, Card>;
  readonly dashboards: ReadonlyMap<string, Dashboard>;
  readonly pulses: ReadonlyMap<string, Pulse>;
  readonly names: IdNames;
}

/**
 * Index what we manage. Where two objects carry the same key (a duplicate someone made, or one
 * left by a crash before this tool looked keys up), the active one with the lowest id is ours;
 * the others are left alone and reported by the plan as unmanaged duplicates.
 */
export function indexManaged(observed: ObservedMetabase): ManagedIndex {
  const known = indexes.get(observed);
  if (known) return known;
  const index = buildIndex(observed);
  indexes.set(observed, index);
  return index;
}

/**
 * planMetabase, duplicateWarnings and applyMetabase each need the index of the same observed
 * state; building it parses every marker and every field name again. An observation is never
 * changed after it is read, so the index made from it is kept (and goes when it does).
 */
const indexes = new WeakMap<ObservedMetabase, ManagedIndex>();

function buildIndex(observed: ObservedMetabase): ManagedIndex {
  const collections = pickByKey(observed.collections, (c) => keyFromDescription(c.description));
  const cards = pickByKey(observed.cards, (c) => keyFromDescription(c.description));
  const dashboards = pickByKey(observed.dashboards, (d) => keyFromDescription(d.description));
  const pulses = pickByKey(observed.pulses, keyFromPulse);
  const keyById = <T extends { readonly id: number }>(m: ReadonlyMap<string, T>) =>
    new Map([...m].map(([key, o]) => [o.id, key]));
  const collectionKeys = keyById(collections);
  const cardKeys = keyById(cards);
  const dashboardKeys = keyById(dashboards);
  const fieldNames = new Map<number | string, string>();
  for (const table of observed.metadata?.tables ?? []) {
    for (const field of table.fields) {
      fieldNames.set(field.id, `${table.schema ?? ''}.${table.name}.${field.name}`);
    }
  }
  return {
    collections,
    cards,
    dashboards,
    pulses,
    names: {
      collectionKey: (id) => (id === null ? null : (collectionKeys.get(id) ?? null)),
      questionKey: (id) => (id === null ? null : (cardKeys.get(id) ?? null)),
      dashboardKey: (id) => (id === null ? null : (dashboardKeys.get(id) ?? null)),
      fieldName: (id) => fieldNames.get(id) ?? null,
    },
  };
}

/**
 * The "reported by the plan" half of `indexManaged`: active objects carrying a key that another
 * object holds (duplicating a question or dashboard in the UI copies our marker with the
 * description). They are never touched, so say so, or the copy looks managed to everyone.
 */
export function duplicateWarnings(observed: ObservedMetabase): string[] {
  const index = indexManaged(observed);
  const warnings: string[] = [];
  const check = <
    T extends { readonly id: number; readonly name: string; readonly archived: boolean },
  >(
    what: string,
    objects: readonly T[],
    chosen: ReadonlyMap<string, T>,
    keyOf: (o: T) => string | null,
  ): void => {
    for (const o of [...objects].sort((a, b) => a.id - b.id)) {
      const key = keyOf(o);
      const owner = key === null ? undefined : chosen.get(key);
      if (o.archived || owner === undefined || owner.id === o.id) continue;
      warnings.push(
        `${what} ${o.id} "${nameWithoutKey(o.name)}" carries the key ${key} of ${what} ${owner.id}: ` +
          'it is not managed and is left alone; take the dtx-reports marker out of it or delete it.',
      );
    }
  };
  const described = (o: { readonly description: string | null }) =>
    keyFromDescription(o.description);
  check('collection', observed.collections, index.collections, described);
  check('question', observed.cards, index.cards, described);
  check('dashboard', observed.dashboards, index.dashboards, described);
  check('subscription', observed.pulses, index.pulses, keyFromPulse);
  return warnings;
}

function pickByKey<T extends { readonly id: number; readonly archived: boolean }>(
  objects: readonly T[],
  keyOf: (o: T) => string | null,
): ReadonlyMap<string, T> {
  const chosen = new Map<string, T>();
  const ordered = [...objects].sort(
    (a, b) => Number(a.archived) - Number(b.archived) || a.id - b.id,
  );
  for (const object of ordered) {
    const key = keyOf(object);
    if (key !== null && !chosen.has(key)) chosen.set(key, object);
  }
  return chosen;
}
