import type { MetabaseClient } from '../../metabase/metabase-client.ts';
import { indexManaged } from '../../plan/metabase/managed-index.ts';
import type { DesiredMetabase, ObservedMetabase } from '../../plan/metabase/metabase-state.ts';
import { planMetadataItems } from '../../plan/metabase/metadata/plan-metadata.ts';
import type { PlanItem, ResourceKind } from '../../plan/types.ts';
import { collectionApplier } from './apply-collections.ts';
import { dashboardApplier } from './apply-dashboards.ts';
import { applyDatabase } from './apply-database.ts';
import { metadataApplier } from './apply-metadata.ts';
import { questionApplier } from './apply-questions.ts';
import {
  connectedDatabase,
  startRun,
  type AppliedCounts,
  type ApplyMetabaseOptions,
  type KindApplier,
} from './apply-run.ts';
import { settingApplier } from './apply-settings.ts';
import { subscriptionApplier } from './apply-subscriptions.ts';
import { fieldIdsOf, syncIfNeeded } from './wait-for-sync.ts';
// Issue 13: the permission kinds (groups, users, memberships, both graphs), last.
import { permissionsApplier } from './permissions.ts';

/** The kinds after the connection and its sync, in dependency order; archives run in reverse. */
const appliers: readonly KindApplier[] = [
  metadataApplier,
  collectionApplier,
  questionApplier,
  dashboardApplier,
  subscriptionApplier,
  settingApplier,
];

/**
 * Carries out the Metabase part of a plan: the connection, then a sync when Metabase may not
 * know the views as they are now (observe the synced metadata, plan its labels against it),
 * then each kind's creates and updates in dependency order, then archives, dependants first.
 * `plan` is `planMetabase(desired, observed)`, whole; nothing here decides what to do.
 */
export async function applyMetabase(
  client: MetabaseClient,
  desired: DesiredMetabase,
  observed: ObservedMetabase,
  plan: readonly PlanItem[],
  options: ApplyMetabaseOptions,
): Promise<ReadonlyMap<ResourceKind, AppliedCounts>> {
  const run = startRun(
    client,
    desired,
    observed,
    indexManaged(observed),
    observed.database,
    options,
  );
  const database = pending(plan, ['database']);
  await applyDatabase(database, run);

  const synced = await syncIfNeeded(run, connectedDatabase(run), observed.metadata, {
    connectionCreated: database[0]?.action === 'create',
  });
  // Without a sync the plan's own table and field items stand: they were made against this
  // metadata (planning them again cost as much as the whole rest of the plan at 10,000 reports).
  const items = synced
    ? [
        ...plan.filter((i) => i.kind !== 'table' && i.kind !== 'field'),
        ...planMetadataItems(desired.tables, synced),
      ]
    : plan;
  run.fieldIds = fieldIdsOf(synced ?? observed.metadata);

  const kinds = observed.permissions
    ? [...appliers, permissionsApplier(observed.permissions)]
    : appliers;
  for (const kind of kinds) await kind.apply(pending(items, kind.kinds), run);
  for (const kind of [...kinds].reverse())
    await kind.archive?.(
      items.filter((i) => kind.kinds.includes(i.kind) && i.action === 'archive'),
      run,
    );
  return run.counts;
}

/** Creates and updates of the given kinds (archives run last, in reverse order). */
function pending(items: readonly PlanItem[], kinds: readonly ResourceKind[]): PlanItem[] {
  return items.filter(
    (i) => kinds.includes(i.kind) && i.action !== 'noop' && i.action !== 'archive',
  );
}
