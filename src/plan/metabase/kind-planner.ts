import type { ObservedResource } from '../plan-resources.ts';
import type { PlanItem } from '../types.ts';
import type { ManagedIndex } from './managed-index.ts';
import type { DesiredMetabase, ObservedMetabase } from './metabase-state.ts';

/** What every kind's planner is given: both sides, the index of what we manage, the options. */
export interface KindPlanInput {
  readonly desired: DesiredMetabase;
  readonly observed: ObservedMetabase;
  readonly index: ManagedIndex;
  /** Archive managed objects that are no longer in the code. */
  readonly prune: boolean;
}

export type KindPlanner = (input: KindPlanInput) => PlanItem[];

/** Managed objects found by key, as `planResources` takes them, in their comparable form. */
export function observedResources<T extends { readonly id: number; readonly archived: boolean }>(
  byKey: ReadonlyMap<string, T>,
  title: (o: T) => string,
  form: (o: T) => unknown,
): ObservedResource[] {
  return [...byKey].map(([key, o]) => ({
    key,
    title: title(o),
    remoteId: o.id,
    archived: o.archived,
    comparable: form(o),
  }));
}

/** An id that is not one of ours stays visible in the diff (`#12`), so drift is never hidden. */
export function idOrNull(id: number | null): string | null {
  return id === null ? null : `#${id}`;
}
