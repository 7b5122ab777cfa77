import { InputError, RemoteError } from '../../errors.ts';
import type { MetabaseClient } from '../../metabase/metabase-client.ts';
import type { Database } from '../../metabase/types.ts';
import type { ManagedIndex } from '../../plan/metabase/managed-index.ts';
import type { DesiredMetabase, ObservedMetabase } from '../../plan/metabase/metabase-state.ts';
import { keyFromDescription } from '../../plan/metabase/metabase-key-marker.ts';
import type { PlanItem, ResourceKind } from '../../plan/types.ts';
import { mapWithConcurrency } from '../../concurrency.ts';
import type { Progress } from '../progress.ts';

export interface ApplyMetabaseOptions {
  readonly concurrency: number;
  /** Write-only: sent when the connection is created or updated, never compared or printed. */
  readonly databasePassword: string | null;
  /** The views changed in this run: Metabase must sync before questions can point at them. */
  readonly viewsChanged: boolean;
  readonly syncTimeoutMs: number;
  readonly syncPollMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly progress: Progress;
  /** `--prune` (subscriptions are planned again after dashboards come back from the trash). */
  readonly prune: boolean;
  /** Something the operator should know that is not an error (printed as a warning). */
  readonly warn: (message: string) => void;
}

export interface AppliedCounts {
  readonly created: number;
  readonly updated: number;
  readonly archived: number;
}

/**
 * What the kinds of one apply share: the client, the desired state, the index of what was
 * observed, and the remote ids of our objects, found when observed or created in this run.
 * Objects are referred to by key until a request needs an id. Each kind fills in the ids the
 * kinds after it need; nothing here decides what to do (the plan did).
 */
export interface ApplyRun {
  readonly client: MetabaseClient;
  readonly desired: DesiredMetabase;
  /** What the plan was made from (subscriptions are planned again after restores). */
  readonly observed: ObservedMetabase;
  readonly index: ManagedIndex;
  readonly options: ApplyMetabaseOptions;
  readonly ids: {
    readonly collections: Map<string, number>;
    readonly cards: Map<string, number>;
    readonly dashboards: Map<string, number>;
    /** dashboard key → question key → dashcard id (subscriptions attach dashcards). */
    readonly dashcards: Map<string, ReadonlyMap<string, number>>;
  };
  /** The connection, once found or created. */
  database: Database | null;
  /** Ids of the dashboards this run brought back from the trash. */
  readonly restoredDashboards: number[];
  /** `schema.view.column` → Metabase field id, from the metadata the plan was made against. */
  fieldIds: ReadonlyMap<string, number>;
  readonly counts: Map<ResourceKind, AppliedCounts>;
}

/** One kind's writer: carries out its creates and updates, and (if it can) its archives. */
export interface KindApplier {
  readonly kinds: readonly ResourceKind[];
  readonly apply: (items: readonly PlanItem[], run: ApplyRun) => Promise<void>;
  readonly archive?: (items: readonly PlanItem[], run: ApplyRun) => Promise<void>;
}

export function startRun(
  client: MetabaseClient,
  desired: DesiredMetabase,
  observed: ObservedMetabase,
  index: ManagedIndex,
  database: Database | null,
  options: ApplyMetabaseOptions,
): ApplyRun {
  return {
    client,
    desired,
    observed,
    index,
    restoredDashboards: [],
    options,
    ids: {
      collections: new Map([...index.collections].map(([k, c]) => [k, c.id])),
      cards: new Map([...index.cards].map(([k, c]) => [k, c.id])),
      dashboards: new Map([...index.dashboards].map(([k, d]) => [k, d.id])),
      dashcards: new Map(),
    },
    database,
    fieldIds: new Map(),
    counts: new Map(),
  };
}

export function count(run: ApplyRun, kind: ResourceKind, what: keyof AppliedCounts): void {
  const c = run.counts.get(kind) ?? { created: 0, updated: 0, archived: 0 };
  run.counts.set(kind, { ...c, [what]: c[what] + 1 });
}

/** The connection, which the database step found or created before any kind that needs it. */
export function connectedDatabase(run: ApplyRun): Database {
  if (!run.database)
    throw new RemoteError('the Metabase database connection is missing after apply', {
      system: 'metabase',
    });
  return run.database;
}

export function requireId(ids: ReadonlyMap<string, number>, key: string): number {
  const id = ids.get(key);
  if (id === undefined)
    throw new InputError(`${key} is referenced but was neither found nor created`);
  return id;
}

/** The lookup a create retries with: an active object carrying our key in its description. */
export function findByKey<
  T extends { readonly description: string | null; readonly archived: boolean },
>(objects: readonly T[], key: string): T | undefined {
  return objects.find((o) => !o.archived && keyFromDescription(o.description) === key);
}

/**
 * Creates the object a plan item wants (the client looks our key up before it creates again, so
 * a lost answer never makes a duplicate) and records its id, or updates it in place (restoring
 * it from the trash), then counts it. The twin of `archiveEach` for creates and updates.
 */
export async function createOrUpdate(
  run: ApplyRun,
  kind: ResourceKind,
  item: PlanItem,
  write: {
    readonly create: () => Promise<{ readonly id: number }>;
    readonly update: (id: number) => Promise<unknown>;
    readonly ids: Map<string, number>;
  },
): Promise<void> {
  if (item.action === 'create') {
    const created = await write.create();
    write.ids.set(item.key, created.id);
    count(run, kind, 'created');
  } else {
    await write.update(Number(item.remoteId));
    count(run, kind, 'updated');
  }
}

/** Archives (never deletes) the objects of one kind that left the code (`--prune`). */
export async function archiveEach(
  kind: ResourceKind,
  items: readonly PlanItem[],
  run: ApplyRun,
  archiveOne: (item: PlanItem, id: number) => Promise<unknown>,
): Promise<void> {
  run.options.progress.phase(`archive ${kind}s`, items.length);
  await mapWithConcurrency(items, run.options.concurrency, async (item) => {
    await archiveOne(item, Number(item.remoteId));
    count(run, kind, 'archived');
    run.options.progress.step(`archive ${kind} ${item.title}`);
  });
}
