/**
 * A plan is plain, serialisable data: what provisioning would do to each managed object.
 * Renderers print it (text, JSON, Markdown); the applier carries it out; nothing here does I/O.
 */

/** Kinds in the order they are applied (and rendered). */
export const resourceKinds = [
  'view',
  'database-role',
  'database',
  'table',
  'field',
  'collection',
  'question',
  'dashboard',
  'subscription',
  'setting',
  // DTX 2.0 report grants (issue 13): groups before the people put in them, graphs last.
  'group',
  'user',
  'membership',
  'collection-access',
  'data-access',
] as const;
export type ResourceKind = (typeof resourceKinds)[number];

export type PlanAction = 'create' | 'update' | 'archive' | 'noop';

/** One changed leaf, addressed by a dotted path (`visualization_settings.column_settings`). */
export interface FieldChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface PlanItem {
  readonly kind: ResourceKind;
  /** Our managed key, stable across renames (e.g. `question:report:135`). */
  readonly key: string;
  /** What a person calls it (name, view name). */
  readonly title: string;
  readonly action: PlanAction;
  /** The remote id when the object exists (Metabase id, or the qualified view name). */
  readonly remoteId: number | string | null;
  readonly changes: readonly FieldChange[];
  /** Why, when the action needs explaining (drift, restored from trash, not in code any more). */
  readonly note?: string;
}

export interface PlanTotals {
  readonly create: number;
  readonly update: number;
  readonly archive: number;
  readonly noop: number;
}

export interface Plan {
  readonly items: readonly PlanItem[];
  readonly totals: PlanTotals;
}

export function totalsOf(items: readonly PlanItem[]): PlanTotals {
  const totals = { create: 0, update: 0, archive: 0, noop: 0 };
  for (const item of items) totals[item.action] += 1;
  return totals;
}

export function hasChanges(plan: Plan): boolean {
  return plan.totals.create + plan.totals.update + plan.totals.archive > 0;
}
