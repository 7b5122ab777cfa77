import type { DesiredDashboard } from '../../desired/metabase/model.ts';
import type { Dashboard } from '../../metabase/types.ts';
import { describeWithKey } from '../../plan/metabase/metabase-key-marker.ts';
import type { PlanItem } from '../../plan/types.ts';
import { mapWithConcurrency } from '../../concurrency.ts';
import {
  archiveEach,
  count,
  findByKey,
  requireId,
  type ApplyRun,
  type KindApplier,
} from './apply-run.ts';

/**
 * Dashboards: POST takes no cards, so a new one is created, then filled like an update. Records
 * each dashboard's dashcard ids for the subscriptions that attach them.
 */
async function applyDashboards(items: readonly PlanItem[], run: ApplyRun): Promise<void> {
  const { client, desired, index, options } = run;
  const byKey = new Map<string, DesiredDashboard>(desired.state.dashboards.map((d) => [d.key, d]));
  // Every question exists by now, found or just created: one reverse lookup serves all dashboards.
  const keyByCardId = new Map([...run.ids.cards].map(([key, id]) => [id, key]));
  const questionKeyOf = (id: number | null): string | null =>
    id === null ? null : (keyByCardId.get(id) ?? null);
  for (const [key, d] of index.dashboards)
    run.ids.dashcards.set(key, dashcardsByQuestion(d, questionKeyOf));
  options.progress.phase('dashboards', items.length);
  await mapWithConcurrency(items, options.concurrency, async (item) => {
    const want = byKey.get(item.key);
    if (!want) return;
    const collectionId = requireId(run.ids.collections, want.collection);
    const description = describeWithKey(want.description, want.key);
    let current: Dashboard | undefined = index.dashboards.get(want.key);
    if (item.action === 'create') {
      const created = await client.createDashboard(
        { name: want.name, description, collectionId },
        {
          findExisting: async () => {
            const found = findByKey(await client.listDashboards(), want.key);
            return found ? client.getDashboard(found.id) : undefined;
          },
        },
      );
      run.ids.dashboards.set(want.key, created.id);
      current = created;
      count(run, 'dashboard', 'created');
    } else {
      count(run, 'dashboard', 'updated');
    }
    const dashboardId = run.ids.dashboards.get(want.key);
    if (dashboardId === undefined) return;
    if (current?.archived === true) {
      // Two steps: Metabase refuses a save carrying dashcards on a dashboard that is archived
      // before the save (update-dashboard!, `check-not-archived` on the current row: 404 "The
      // object has been archived."), even when the same save unarchives it.
      await client.updateDashboard(dashboardId, { archived: false });
      run.restoredDashboards.push(dashboardId);
    }
    const saved = await client.updateDashboard(
      dashboardId,
      dashboardBody(want, description, collectionId, run.ids.cards, current, questionKeyOf),
    );
    run.ids.dashcards.set(want.key, dashcardsByQuestion(saved, questionKeyOf));
    options.progress.step(`${item.action} dashboard ${want.name}`);
  });
}

async function archiveDashboards(items: readonly PlanItem[], run: ApplyRun): Promise<void> {
  await archiveEach('dashboard', items, run, (_item, id) => run.client.archiveDashboard(id));
}

export const dashboardApplier: KindApplier = {
  kinds: ['dashboard'],
  apply: applyDashboards,
  archive: archiveDashboards,
};

/** question key → dashcard id on a saved dashboard. */
function dashcardsByQuestion(
  dashboard: Dashboard,
  questionKey: (id: number | null) => string | null,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const dc of dashboard.dashcards) {
    const key = questionKey(dc.cardId);
    if (key !== null && !out.has(key)) out.set(key, dc.id);
  }
  return out;
}

/**
 * The full replacement body. Dashcards that already show the same question keep their id: a
 * new id would break the subscriptions that attach that card.
 */
function dashboardBody(
  want: DesiredDashboard,
  description: string,
  collectionId: number,
  cardIds: ReadonlyMap<string, number>,
  current: Dashboard | undefined,
  questionKey: (id: number | null) => string | null,
) {
  const reusable = current ? dashcardsByQuestion(current, questionKey) : new Map<string, number>();
  let nextNew = -1;
  return {
    name: want.name,
    description,
    collectionId,
    archived: false,
    parameters: want.parameters.map((p) => ({
      id: p.id,
      name: p.name,
      slug: p.slug,
      type: p.type,
      sectionId: p.sectionId,
      default: p.default === null ? null : [...p.default],
      required: p.required,
    })),
    tabs: [],
    dashcards: want.dashcards.map((dc) => {
      const cardId = requireId(cardIds, dc.question);
      return {
        id: reusable.get(dc.question) ?? nextNew--,
        cardId,
        row: dc.row,
        col: dc.col,
        sizeX: dc.sizeX,
        sizeY: dc.sizeY,
        parameterMappings: dc.parameterMappings.map((m) => ({
          parameterId: m.parameterId,
          cardId,
          target: m.target,
        })),
      };
    }),
  };
}
