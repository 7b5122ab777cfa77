import type { DesiredCollection } from '../../desired/metabase/model.ts';
import { describeWithKey } from '../../plan/metabase/metabase-key-marker.ts';
import type { PlanItem } from '../../plan/types.ts';
import { mapWithConcurrency } from '../../concurrency.ts';
import {
  archiveEach,
  createOrUpdate,
  findByKey,
  requireId,
  type ApplyRun,
  type KindApplier,
} from './apply-run.ts';

/** Collections, parents before children: a child's create needs its parent's id. */
async function applyCollections(items: readonly PlanItem[], run: ApplyRun): Promise<void> {
  const { client, desired, options } = run;
  const byKey = new Map<string, DesiredCollection>(
    desired.state.collections.map((c) => [c.key, c]),
  );
  const depth = (key: string): number => {
    const parent = byKey.get(key)?.parent;
    return parent ? 1 + depth(parent) : 0;
  };
  options.progress.phase('collections', items.length);
  const levels = [...new Set(items.map((i) => depth(i.key)))].sort((a, b) => a - b);
  for (const level of levels) {
    await mapWithConcurrency(
      items.filter((i) => depth(i.key) === level),
      options.concurrency,
      async (item) => {
        const want = byKey.get(item.key);
        if (!want) return;
        const parentId = want.parent ? requireId(run.ids.collections, want.parent) : null;
        const body = {
          name: want.name,
          description: describeWithKey(want.description ?? '', want.key),
          parentId,
        };
        await createOrUpdate(run, 'collection', item, {
          create: () =>
            client.createCollection(body, {
              findExisting: async () => findByKey(await client.listCollections(), want.key),
            }),
          update: (id) => client.updateCollection(id, { ...body, archived: false }),
          ids: run.ids.collections,
        });
        options.progress.step(`${item.action} collection ${want.name}`);
      },
    );
  }
}

/** Metabase has no archive endpoint for collections: an update with `archived: true`. */
async function archiveCollections(items: readonly PlanItem[], run: ApplyRun): Promise<void> {
  await archiveEach('collection', items, run, async (item, id) => {
    const c = run.index.collections.get(item.key);
    if (c) await run.client.updateCollection(id, { name: c.name, archived: true });
  });
}

export const collectionApplier: KindApplier = {
  kinds: ['collection'],
  apply: applyCollections,
  archive: archiveCollections,
};
